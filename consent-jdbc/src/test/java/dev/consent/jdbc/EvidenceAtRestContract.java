package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.EvidenceKeyMissingException;
import dev.consent.InvalidInputException;
import dev.consent.spi.EvidenceKeys;
import dev.consent.spi.StoredEvidence;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Evidence at rest in the JDBC store: sealed in the evidence table, unreadable without its key (and then loudly so,
 * never as "no evidence"), evidence of rows written before schema version 8 sealed in place with verification
 * staying clean, keys from the application's {@link EvidenceKeys} or derived with a master key.
 */
abstract class EvidenceAtRestContract {
    private final MutableClock clock = new MutableClock(Fixtures.START);
    private final List<AutoCloseable> open = new ArrayList<>();

    abstract TestDatabase database();

    /**
     * Whether the tests that build stores over fresh tables run here: true on H2; a server's subclass says false,
     * as migrating a fresh set of tables takes seconds there, and the builder's settings do not depend on the
     * database.
     */
    boolean buildsFreshStores() {
        return true;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private TestStore newStore() {
        TestStore store = database().newStore();
        open.add(store);
        return store;
    }

    private ConsentSystem system(dev.consent.spi.ConsentStore store) {
        ConsentSystem cs = ConsentSystem.builder().store(store).clock(clock).build();
        open.add(cs);
        Fixtures.defineStandard(cs.purposes());
        return cs;
    }

    private static void grant(ConsentSystem cs, String subject, String ip) {
        cs.ledger()
                .grant(
                        subject,
                        EMAIL,
                        CollectionContext.builder(Channel.WEB)
                                .evidence(new Evidence(ip, "UA " + subject, Map.of("device", "d-" + subject)))
                                .build());
    }

    private Jdbi jdbi() {
        return Jdbi.create(database().pool());
    }

    @Test
    void evidenceIsStoredSealed_notInThePlainColumns() {
        TestStore store = newStore();
        ConsentSystem cs = system(store);
        grant(cs, "alice", "192.0.2.10");
        String prefix = store.jdbc().tablePrefix();
        List<Map<String, Object>> rows = jdbi().withHandle(h ->
                h.createQuery("SELECT * FROM " + prefix + "evidence").mapToMap().list());
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("ip_address")).isNull();
        assertThat(row.get("user_agent")).isNull();
        assertThat(row.get("attributes")).isNull();
        assertThat(row.get("salt")).isNull();
        assertThat(row.get("sealed")).isNotNull();
        assertThat(cs.ledger().evidence("alice").toString()).contains("192.0.2.10", "d-alice");
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void aKeyMissingForStoredEvidence_failsLoudly_neverReadsAsNoEvidence() {
        TestStore store = newStore();
        ConsentSystem cs = system(store);
        grant(cs, "alice", "192.0.2.10");
        grant(cs, "bob", "192.0.2.11");
        String prefix = store.jdbc().tablePrefix();
        jdbi().useHandle(h -> h.execute("DELETE FROM " + prefix + "evidence_key WHERE subject = 'alice'"));

        assertThatThrownBy(() -> store.readEvidence("alice"))
                .isInstanceOf(EvidenceKeyMissingException.class)
                .hasMessageContaining("alice")
                .hasMessageContaining(prefix + "evidence_key");
        assertThatThrownBy(() -> cs.ledger().evidence("alice")).isInstanceOf(EvidenceKeyMissingException.class);
        assertThatThrownBy(() -> cs.ledger().export("alice")).isInstanceOf(EvidenceKeyMissingException.class);
        assertThat(cs.ledger().evidence("bob")).hasSize(1);
    }

    @Test
    void aReplacedKey_failsLoudly() {
        TestStore store = newStore();
        ConsentSystem cs = system(store);
        grant(cs, "alice", "192.0.2.10");
        String prefix = store.jdbc().tablePrefix();
        jdbi().useHandle(h -> h.createUpdate("UPDATE " + prefix + "evidence_key SET key_share = :k")
                .bind("k", new byte[32])
                .execute());
        assertThatThrownBy(() -> store.readEvidence("alice"))
                .isInstanceOf(EvidenceKeyMissingException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void erasure_deletesTheKeyRow_andEvidenceOfOthersStays() {
        TestStore store = newStore();
        ConsentSystem cs = system(store);
        grant(cs, "alice", "192.0.2.10");
        grant(cs, "bob", "192.0.2.11");
        cs.ledger().erase("alice", Fixtures.DPO);
        String prefix = store.jdbc().tablePrefix();
        List<String> keyed = jdbi().withHandle(h -> h.createQuery("SELECT subject FROM " + prefix + "evidence_key")
                .mapTo(String.class)
                .list());
        assertThat(keyed).containsExactly("bob");
        assertThat(cs.ledger().evidence("alice")).isEmpty();
        assertThat(cs.ledger().evidence("bob")).hasSize(1);
        assertThat(store.jdbc().evidenceAtRest().finishErasures())
                .isEqualTo(store.jdbc().dialect() != Dialect.H2);
        assertThat(cs.ledger().evidence("bob")).hasSize(1);
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    /**
     * Rows as a store before schema version 8 wrote them (the plain columns, no sealed form, no key) are read as
     * they are, and {@link EvidenceAtRest#sealStoredEvidence} seals them in place: the same evidence and salt, so
     * verification stays clean.
     */
    @Test
    void evidenceWrittenBeforeVersion8_isReadPlain_thenSealedInPlace_andVerifies() {
        TestStore store = newStore();
        ConsentSystem cs = system(store);
        for (int i = 0; i < 7; i++) {
            grant(cs, "s" + i, "192.0.2." + i);
        }
        String prefix = store.jdbc().tablePrefix();
        Map<String, Map<UUID, StoredEvidence>> before = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 7; i++) {
            before.put("s" + i, store.readEvidence("s" + i));
        }
        jdbi().useTransaction(h -> {
            for (Map.Entry<String, Map<UUID, StoredEvidence>> s : before.entrySet()) {
                for (Map.Entry<UUID, StoredEvidence> e : s.getValue().entrySet()) {
                    h.createUpdate("UPDATE " + prefix + "evidence SET ip_address = :ip, user_agent = :ua,"
                                    + " attributes = :attributes, salt = :salt, sealed = NULL WHERE record_id = :id")
                            .bind("ip", e.getValue().evidence().ipAddress())
                            .bind("ua", e.getValue().evidence().userAgent())
                            .bind("attributes", Rows.attributesJson(e.getValue().evidence()))
                            .bind("salt", e.getValue().salt())
                            .bind("id", e.getKey().toString())
                            .execute();
                }
            }
            h.execute("DELETE FROM " + prefix + "evidence_key");
        });
        for (String s : before.keySet()) {
            assertThat(store.readEvidence(s)).as("plain rows read as they are").isEqualTo(before.get(s));
        }
        assertThat(cs.ledger().verify().ok()).isTrue();

        assertThatThrownBy(() -> store.jdbc().evidenceAtRest().sealStoredEvidence(0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batchSize");
        assertThat(store.jdbc().evidenceAtRest().sealStoredEvidence(3)).isEqualTo(7);
        assertThat(store.jdbc().evidenceAtRest().sealStoredEvidence(3)).isZero();

        long plain = jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + prefix
                        + "evidence WHERE sealed IS NULL OR ip_address IS NOT NULL OR salt IS NOT NULL")
                .mapTo(Long.class)
                .one());
        assertThat(plain).isZero();
        for (String s : before.keySet()) {
            assertThat(store.readEvidence(s)).isEqualTo(before.get(s));
        }
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void keysOfTheApplication_areUsed_andDestroyedOnErasure_andTheKeyTableStaysEmpty() {
        org.junit.jupiter.api.Assumptions.assumeTrue(buildsFreshStores(), "builds fresh stores on H2 only");
        EvidenceKeys keys = EvidenceKeys.inMemory();
        String prefix = "ek" + UUID.randomUUID().toString().substring(0, 6) + "_";
        JdbcConsentStore store = database()
                .builder(database().pool())
                .tablePrefix(prefix)
                .evidenceKeys(keys)
                .build();
        open.add(() -> dropTables(prefix));
        ConsentSystem cs = system(store);
        grant(cs, "alice", "192.0.2.10");
        assertThat(keys.find(List.of("alice"))).containsKey("alice");
        assertThat(cs.ledger().evidence("alice").toString()).contains("192.0.2.10");
        long rows = jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + prefix + "evidence_key")
                .mapTo(Long.class)
                .one());
        assertThat(rows).isZero();

        cs.ledger().erase("alice", Fixtures.DPO);
        assertThat(keys.find(List.of("alice"))).isEmpty();
        assertThat(store.evidenceAtRest().finishErasures()).isTrue();
    }

    @Test
    void aMasterKey_derivesTheKeys_soTheTableAloneOpensNothing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(buildsFreshStores(), "builds fresh stores on H2 only");
        byte[] master = new byte[32];
        new java.security.SecureRandom().nextBytes(master);
        String prefix = "mk" + UUID.randomUUID().toString().substring(0, 6) + "_";
        JdbcConsentStore store = database()
                .builder(database().pool())
                .tablePrefix(prefix)
                .evidenceMasterKey(new SecretKeySpec(master, "HmacSHA256"))
                .build();
        open.add(() -> dropTables(prefix));
        ConsentSystem cs = system(store);
        grant(cs, "alice", "192.0.2.10");
        assertThat(cs.ledger().evidence("alice").toString()).contains("192.0.2.10");

        JdbcConsentStore without =
                database().builder(database().pool()).tablePrefix(prefix).build();
        assertThatThrownBy(() -> without.readEvidence("alice")).isInstanceOf(EvidenceKeyMissingException.class);
        assertThatThrownBy(() -> JdbcConsentStore.builder(database().pool())
                        .evidenceMasterKey(new SecretKeySpec(new byte[16], "HmacSHA256")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("evidenceMasterKey");
        assertThatThrownBy(() -> JdbcConsentStore.builder(database().pool())
                        .tablePrefix(prefix)
                        .evidenceKeys(EvidenceKeys.inMemory())
                        .evidenceMasterKey(new SecretKeySpec(master, "HmacSHA256"))
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("evidenceKeys");
    }

    private void dropTables(String prefix) {
        new ServerFilesCanary(database(), prefix).drop();
    }
}
