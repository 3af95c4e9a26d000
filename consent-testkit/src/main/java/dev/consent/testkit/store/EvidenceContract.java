package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.spi.RecordHasher;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Evidence (personal data) lives beside the records, keyed by record id, and can be erased without
 * touching the records whose hashes cover its salted digest.
 */
abstract class EvidenceContract extends ContractPart {
    static final Evidence WEB = new Evidence(
            "2001:db8::1%eth0",
            "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" 😀",
            Map.of("device", "pixel-8", "form.field", "news_letter % _ \\ ' \"", "note", "同意しました"));

    EvidenceContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void evidence_isStoredBesideItsRecords_andRoundTripsExactly() {
        SubjectAppend a = newChain("alice")
                .append(
                        "form-1",
                        grant("p.one").evidence(WEB),
                        grant("p.two"),
                        grant("p.three").evidence(new Evidence(null, null, Map.of("imported-from", "crm"))),
                        grant("p.four").evidence(Evidence.of("203.0.113.9", null)));
        List<ConsentRecord> stored = append(a);

        Map<UUID, StoredEvidence> read = store().readEvidence("alice");

        assertThat(read)
                .isEqualTo(a.evidence())
                .containsOnlyKeys(
                        stored.get(0).id(), stored.get(2).id(), stored.get(3).id());
        for (ConsentRecord r : stored) {
            StoredEvidence e = read.get(r.id());
            if (e != null) {
                assertThat(e.salt()).isEqualTo(a.evidence().get(r.id()).salt()).hasSize(16);
                assertThat(RecordHasher.evidenceDigest(e.evidence(), e.salt())).isEqualTo(r.evidenceDigest());
            } else {
                assertThat(r.evidenceDigest()).isNull();
            }
        }
    }

    @Test
    void evidence_atTheApiLimits_roundTripsExactly() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < Evidence.MAX_ATTRIBUTES; i++) {
            String key = String.format("%03d-", i) + "ключ".repeat(24);
            attributes.put(key, exactly(Evidence.MAX_VALUE_LENGTH, "值" + i + "😀 \"'%_\\"));
        }
        Evidence big = new Evidence("f".repeat(64), "ü".repeat(Evidence.MAX_VALUE_LENGTH), attributes);
        SubjectAppend a = newChain("alice").append("form-1", grant("p.one").evidence(big));
        append(a);

        StoredEvidence read =
                store().readEvidence("alice").get(a.records().get(0).id());

        assertThat(read).isEqualTo(a.evidence().get(a.records().get(0).id()));
        assertThat(read.evidence().attributes()).containsExactlyEntriesOf(big.attributes());
    }

    @Test
    void readEvidence_ofASubjectWithoutEvidence_isEmpty() {
        write(newChain("alice"), "form-1", grant("p.one"));
        write(newChain("bob"), "form-1", grant("p.one").evidence(WEB));

        assertThat(store().readEvidence("alice")).isEmpty();
        assertThat(store().readEvidence("nobody")).isEmpty();
    }

    @Test
    void evidence_ofEarlierAppends_survivesLaterAppends() {
        SubjectAppend first = newChain("alice").append("form-1", grant("p.one").evidence(WEB));
        append(first);
        SubjectAppend second = newChain("alice")
                .after(first)
                .append("form-2", grant("p.two").evidence(Evidence.of("198.51.100.7", "UA")), grant("p.three"));
        append(second);

        Map<UUID, StoredEvidence> expected = new LinkedHashMap<>(first.evidence());
        expected.putAll(second.evidence());
        assertThat(store().readEvidence("alice")).isEqualTo(expected);
    }

    @Test
    void eraseEvidence_deletesAllOfTheSubjectsEvidence_andNoOneElses() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one").evidence(WEB));
        write(alice, "form-2", grant("p.two").evidence(Evidence.of("198.51.100.7", "UA")));
        write(newChain("alice2"), "form-1", grant("p.one").evidence(WEB));
        write(newChain("Alice"), "form-1", grant("p.one").evidence(WEB));
        write(newChain("bob"), "form-1", grant("p.one").evidence(WEB));
        State before = state("alice2", "Alice", "bob");

        store().eraseEvidence("alice");

        assertThat(store().readEvidence("alice")).isEmpty();
        assertThat(state("alice2", "Alice", "bob")).isEqualTo(before);
    }

    @Test
    void eraseEvidence_leavesTheRecordsAndTheirHashesUnchanged() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one").evidence(WEB), grant("p.two"));
        write(alice, "form-2", grant("p.two").evidence(Evidence.of("198.51.100.7", "UA")));
        State before = state("alice");

        store().eraseEvidence("alice");

        State after = state("alice");
        assertThat(after.feed()).isEqualTo(before.feed());
        assertThat(after.records()).isEqualTo(before.records());
        assertThat(after.states()).isEqualTo(before.states());
        assertThat(after.headPosition()).isEqualTo(before.headPosition());
        assertThat(TestRecords.chainProblems(after.records().get("alice"))).isEmpty();
        assertThat(after.records().get("alice"))
                .filteredOn(r -> r.evidenceDigest() != null)
                .hasSize(2);
    }

    @Test
    void eraseEvidence_isIdempotent_andAcceptsAnUnknownSubject() {
        write(newChain("alice"), "form-1", grant("p.one").evidence(WEB));
        write(newChain("bob"), "form-1", grant("p.one").evidence(WEB));
        store().eraseEvidence("alice");
        State before = state("alice", "bob");

        store().eraseEvidence("alice");
        store().eraseEvidence("nobody");

        assertThat(state("alice", "bob")).isEqualTo(before);
        assertThat(before.evidence().get("alice")).isEmpty();
        assertThat(before.evidence().get("bob")).hasSize(1);
    }
}
