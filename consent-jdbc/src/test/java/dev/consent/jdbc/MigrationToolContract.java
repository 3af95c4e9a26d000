package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tests of the migration tools applications bring ({@link FlywayContract}, {@link LiquibaseContract})
 * share: table prefixes of their own, stores over the tools' tables, the shape of the store's tables to compare
 * with what the store's own MIGRATE creates, and the proof that a store in {@link SchemaMode#VALIDATE} over the
 * tools' tables works.
 *
 * <p>Each test works on a table prefix of its own that is not the default, as an application may choose, and
 * drops every table whose name starts with it afterwards: the tools' history tables carry the prefix too, so
 * runs on a shared server never meet.
 */
abstract class MigrationToolContract extends DatabaseContract {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Map<String, List<String>> MIGRATED = new ConcurrentHashMap<>();
    private static final List<String> TABLES = List.of(
            "current_state",
            "evidence",
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

    /** A prefix no table has yet; every table whose name starts with it is dropped after the test. */
    final String freshPrefix() {
        String prefix = "app" + RUN + "_" + NEXT.incrementAndGet() + "_consent_";
        closeAfter(() -> dropTablesOf(prefix));
        return prefix;
    }

    /** A store over the tables of the prefix, closed after the test. */
    final JdbcConsentStore store(String prefix, SchemaMode mode) {
        return closeAfter(database()
                .builder(database().pool())
                .tablePrefix(prefix)
                .schemaMode(mode)
                .build());
    }

    /** The shape of the store's tables of the prefix, without the tools' own tables. */
    final List<String> storeShape(String prefix) {
        return new Schemas(sql())
                .shape(prefix).stream()
                        .filter(line -> TABLES.contains(line.substring(0, line.indexOf(' '))))
                        .toList();
    }

    /** The shape of the tables the store's own MIGRATE creates on this database, made once per database. */
    final List<String> migratedShape() {
        return MIGRATED.computeIfAbsent(database().name(), name -> {
            String reference = freshPrefix();
            store(reference, SchemaMode.MIGRATE);
            return storeShape(reference);
        });
    }

    /** The versions {@code <prefix>schema_version} holds, in order. */
    final List<Integer> recordedVersions(String prefix) {
        return sql().withHandle(h -> h.createQuery("SELECT version FROM " + prefix + "schema_version ORDER BY version")
                .mapTo(Integer.class)
                .list());
    }

    /** 1 to {@link Schema#LATEST}. */
    static List<Integer> allVersions() {
        return SchemaContract.allVersions();
    }

    /**
     * The store over the tool's tables in VALIDATE: records a grant and allows by it; a second store over the
     * same tables reads back the purpose, the record and the decision, and the ledger verifies.
     */
    final void assertTheStoreWorksOn(String prefix) {
        ConsentSystem consent = system(store(prefix, SchemaMode.VALIDATE));
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("ada", EMAIL, Fixtures.detailed());
        assertThat(consent.enforcer().check("ada", EMAIL).allowed()).isTrue();

        ConsentSystem reopened = system(store(prefix, SchemaMode.VALIDATE));
        assertThat(reopened.purposes().find(EMAIL)).contains(Fixtures.email());
        assertThat(reopened.ledger().history("ada"))
                .singleElement()
                .satisfies(r -> assertThat(r.purposeId()).isEqualTo(EMAIL))
                .satisfies(r -> assertThat(r.action()).isEqualTo(Action.GRANTED));
        assertThat(reopened.enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(reopened.ledger().verify().ok()).isTrue();
    }

    /** Drops every table whose name starts with the prefix, in whatever case the database or a tool made it. */
    private void dropTablesOf(String prefix) throws SQLException {
        sql().<SQLException>useHandle(h -> {
            Connection c = h.getConnection();
            String quote = c.getMetaData().getIdentifierQuoteString();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = c.getMetaData()
                    .getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                        names.add(name);
                    }
                }
            }
            for (String name : names) {
                h.execute("DROP TABLE IF EXISTS " + quote + name + quote);
            }
            if (database().partitioned()) {
                h.execute("DROP FUNCTION IF EXISTS " + prefix + "record_position_unique()");
            }
        });
    }
}
