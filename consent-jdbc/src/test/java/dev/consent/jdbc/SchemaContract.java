package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.testkit.behaviour.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema modes on a real database, each test on table prefixes of its own that start out absent:
 * MIGRATE creates and records the schema once, refuses a newer one and changes nothing then; VALIDATE and
 * NONE create nothing; the scripts shipped are the whole schema, for applications that apply them with
 * their own migration tool.
 */
abstract class SchemaContract extends DatabaseContract {
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000, 36);
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final List<String> TABLES = List.of(
            "current_state",
            "evidence",
            "evidence_key",
            "interaction",
            "ledger_head",
            "merkle_node",
            "purpose",
            "record",
            "registry_event",
            "relay",
            "relay_dead_letter",
            "request_event",
            "schema_version",
            "subject_link");

    /** A prefix no table has yet; its tables are dropped after the test. */
    private String freshPrefix() {
        String prefix = "s" + RUN + "_" + NEXT.incrementAndGet() + "_";
        closeAfter(() -> sql().useHandle(h -> {
            for (String table : TABLES) {
                h.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
            if (database().partitioned()) {
                h.execute("DROP FUNCTION IF EXISTS " + prefix + "record_position_unique()");
            }
        }));
        return prefix;
    }

    private JdbcConsentStore build(String prefix, SchemaMode mode) {
        return database()
                .builder(database().pool())
                .tablePrefix(prefix)
                .schemaMode(mode)
                .build();
    }

    private Schemas schemas() {
        return new Schemas(sql());
    }

    private List<Map<String, Object>> versions(String prefix) {
        return sql().withHandle(h -> h.createQuery(
                        "SELECT version, description, applied_at FROM " + prefix + "schema_version ORDER BY version")
                .mapToMap()
                .list());
    }

    @Test
    void migrate_onAnEmptyDatabase_createsTheTables_andRecordsEachVersion() {
        String prefix = freshPrefix();

        build(prefix, SchemaMode.MIGRATE);

        assertThat(schemas().tables(prefix)).containsExactlyElementsOf(TABLES);
        assertThat(versions(prefix))
                .hasSize(Schema.LATEST)
                .allSatisfy(v -> assertThat(((Number) v.get("applied_at")).longValue())
                        .as("applied_at, in epoch milliseconds")
                        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(300_000L)));
        assertThat(versions(prefix))
                .extracting(v -> ((Number) v.get("version")).intValue(), v -> v.get("description"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "ledger"),
                        org.assertj.core.groups.Tuple.tuple(2, "relay"),
                        org.assertj.core.groups.Tuple.tuple(3, "rights"),
                        org.assertj.core.groups.Tuple.tuple(4, "requests"),
                        org.assertj.core.groups.Tuple.tuple(5, "periods"),
                        org.assertj.core.groups.Tuple.tuple(6, "reinterpretation"),
                        org.assertj.core.groups.Tuple.tuple(7, "opt_out"),
                        org.assertj.core.groups.Tuple.tuple(8, "evidence_keys"),
                        org.assertj.core.groups.Tuple.tuple(9, "merkle_tree"),
                        org.assertj.core.groups.Tuple.tuple(10, "frontier_from_nodes"));
        assertThat(count(prefix + "ledger_head")).isEqualTo(1);
    }

    @Test
    void migrate_aSecondTime_changesNothing() {
        String prefix = freshPrefix();
        JdbcConsentStore first = build(prefix, SchemaMode.MIGRATE);
        ConsentSystem consent = system(first);
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("ada", EMAIL, WEB);
        List<String> shape = schemas().shape(prefix);
        List<Map<String, Object>> versions = versions(prefix);

        JdbcConsentStore second = build(prefix, SchemaMode.MIGRATE);

        assertThat(schemas().shape(prefix)).isEqualTo(shape);
        assertThat(versions(prefix)).isEqualTo(versions);
        assertThat(second.headPosition()).isEqualTo(1);
        assertThat(system(second).enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void migrate_whenTheSchemaIsNewerThanTheLibrary_refusesSayingSo_andChangesNothing() {
        String prefix = freshPrefix();
        build(prefix, SchemaMode.MIGRATE);
        sql().useHandle(h -> h.execute("INSERT INTO " + prefix + "schema_version (version, description, applied_at)"
                + " VALUES (" + (Schema.LATEST + 1) + ", 'from the future', 0)"));
        List<String> shape = schemas().shape(prefix);
        List<Map<String, Object>> versions = versions(prefix);

        for (SchemaMode mode : List.of(SchemaMode.MIGRATE, SchemaMode.VALIDATE)) {
            assertThatThrownBy(() -> build(prefix, mode))
                    .as("%s", mode)
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining("version " + (Schema.LATEST + 1))
                    .hasMessageContaining("newer than this library");
        }
        assertThat(schemas().shape(prefix)).isEqualTo(shape);
        assertThat(versions(prefix)).isEqualTo(versions);
    }

    @Test
    void validate_withoutTheTables_throwsNamingTheScriptFolder_andCreatesNothing() {
        String prefix = freshPrefix();

        Throwable thrown = catchThrowable(() -> build(prefix, SchemaMode.VALIDATE));

        assertThat(thrown)
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining(database().scriptFolder())
                .hasMessageContaining(prefix);
        assertThat(schemas().tables(prefix)).isEmpty();
    }

    @Test
    void validate_afterMigrate_passes() {
        String prefix = freshPrefix();
        build(prefix, SchemaMode.MIGRATE);

        JdbcConsentStore store = build(prefix, SchemaMode.VALIDATE);

        assertThat(store.headPosition()).isZero();
    }

    @Test
    void none_createsNothing() {
        String prefix = freshPrefix();

        build(prefix, SchemaMode.NONE);

        assertThat(schemas().tables(prefix)).isEmpty();
    }

    @Test
    void twoPrefixesInOneDatabase_areIndependentLedgers() {
        TestStore one = newStore();
        TestStore two = newStore();
        ConsentSystem first = system(one);
        ConsentSystem second = system(two);
        Fixtures.defineStandard(first.purposes());

        first.ledger().grant("ada", EMAIL, WEB);
        first.ledger().grant("bob", EMAIL, WEB);

        assertThat(second.purposes().find(EMAIL)).isEmpty();
        Fixtures.defineStandard(second.purposes());
        assertThat(second.enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(second.ledger().headPosition()).isZero();
        second.ledger().grant("ada", EMAIL, WEB);
        second.ledger().withdraw("ada", EMAIL, WEB);
        assertThat(first.ledger().headPosition()).isEqualTo(2);
        assertThat(second.ledger().headPosition()).isEqualTo(2);
        assertThat(system(one).enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(system(two).enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Consent_",
                "consent_ledger_with_a_long_name",
                "1consent_",
                "consent'_",
                "consent-",
                "consent _",
                ""
            })
    void aBadTablePrefix_isRejectedNamingTablePrefix(String prefix) {
        assertThatThrownBy(() -> JdbcConsentStore.builder(database().pool()).tablePrefix(prefix))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("tablePrefix"))
                .hasMessageContaining("tablePrefix");
    }

    /** 1 to {@link Schema#LATEST}. */
    static java.util.List<Integer> allVersions() {
        return java.util.stream.IntStream.rangeClosed(1, Schema.LATEST).boxed().toList();
    }

    /** What an application with its own migration tool does: run the shipped script, then validate. */
    @Test
    void theShippedScripts_appliedByHand_areWhatMigrateCreates_andValidate() throws IOException, SQLException {
        String migrated = freshPrefix();
        String byHand = freshPrefix();
        build(migrated, SchemaMode.MIGRATE);
        Dialect dialect = schemas().dialect();

        for (int v = 1; v <= Schema.LATEST; v++) {
            applyByHand(dialect, "V" + v + "__" + Schema.DESCRIPTIONS[v] + ".sql", byHand);
        }
        JdbcConsentStore store = build(byHand, SchemaMode.VALIDATE);

        assertThat(schemas().shape(byHand)).isEqualTo(schemas().shape(migrated));
        assertThat(versions(byHand))
                .extracting(v -> ((Number) v.get("version")).intValue())
                .containsExactlyElementsOf(allVersions());
        ConsentSystem consent = system(store);
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("ada", EMAIL, Fixtures.detailed());
        assertThat(system(store).enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    /**
     * A database made by version 1 of the library: VALIDATE names the missing script, MIGRATE adds V2 to the latest,
     * keeping the purpose rows (written here as version 1 wrote them: V3 adds purpose columns, which read
     * as absent), and the upgraded store records and decides.
     */
    @Test
    void aVersion1Schema_isRefusedByValidateNamingV2_andMigrateUpgradesIt_keepingItsRows()
            throws IOException, SQLException {
        String prefix = freshPrefix();
        Dialect dialect = schemas().dialect();
        applyByHand(dialect, "V1__ledger.sql", prefix);
        sql().useHandle(h -> h.createUpdate("INSERT INTO " + prefix + "purpose (purpose_id, version, title,"
                        + " description, legal_basis, group_id, max_age_ms, min_valid_version, recipients, retired, defined_at)"
                        + " VALUES ('marketing.email', 1, 'Marketing e-mail', 'News and offers by e-mail, about once a month.',"
                        + " 'CONSENT', 'marketing', :max_age, 1, '[\"Mailer Ltd (processor)\"]', FALSE, 1709648040000)")
                .bind("max_age", Fixtures.EMAIL_MAX_AGE.toMillis())
                .execute());

        assertThatThrownBy(() -> build(prefix, SchemaMode.VALIDATE))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("version 1")
                .hasMessageContaining("V2");
        JdbcConsentStore upgraded = build(prefix, SchemaMode.MIGRATE);

        assertThat(versions(prefix))
                .extracting(v -> ((Number) v.get("version")).intValue())
                .containsExactlyElementsOf(allVersions());
        assertThat(schemas().tables(prefix)).containsExactlyElementsOf(TABLES);
        assertThat(upgraded.loadPurposes()).containsExactly(Fixtures.email());
        ConsentSystem after = system(upgraded);
        after.ledger().grant("ada", EMAIL, WEB);
        assertThat(after.enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(upgraded.headPosition()).isEqualTo(1);
        assertThat(upgraded.relayState().checkpoint("crm")).isZero();
        assertThat(upgraded.requestStore().events("req-1")).isEmpty();
    }

    private void applyByHand(Dialect dialect, String file, String prefix) throws IOException, SQLException {
        String script;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream(database().scriptFolder() + file)) {
            assertThat(in).as("the script %s of %s", file, dialect).isNotNull();
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
        }
        sql().useHandle(h -> {
            try (Statement s = h.getConnection().createStatement()) {
                for (String statement : script.replaceAll("(?m)^\\s*--.*$", "").split(";\\s*(\\n|$)")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        });
    }

    @Test
    void twoStoresMigratingOneNewPrefixAtOnce_bothSucceed_andCreateTheSchemaOnce() throws Exception {
        for (int round = 0; round < 4; round++) {
            String prefix = freshPrefix();
            CyclicBarrier start = new CyclicBarrier(2);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(
                        () -> {
                            try {
                                start.await();
                                build(prefix, SchemaMode.MIGRATE);
                            } catch (Throwable e) {
                                failures.add(e);
                            }
                        },
                        "migrate-" + i);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(30_000);
            }

            assertThat(failures).as("round %d", round).isEmpty();
            assertThat(versions(prefix)).hasSize(Schema.LATEST);
            assertThat(count(prefix + "ledger_head")).isEqualTo(1);
            assertThat(build(prefix, SchemaMode.VALIDATE).headPosition()).isZero();
        }
    }
}
