package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.testkit.behaviour.Fixtures;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The subject-partitioned PostgreSQL schema is what it claims, read from the database's catalogue: the
 * per-subject tables are hash-partitioned by subject into 8 partitions with every key including the subject,
 * the rows of one subject lie in one partition of each table (the same one for every table, as a distributed
 * engine co-locates them), subjects spread over the partitions, and positions stay unique and in feed order
 * across them. For the databases whose stores use {@link JdbcConsentStore.Builder#partitionedBySubject()}.
 */
abstract class PartitioningContract extends DatabaseContract {
    private static final Map<String, String> PARTITIONED = Map.of(
            "record",
            "subject",
            "interaction",
            "subject",
            "current_state",
            "subject",
            "evidence",
            "subject",
            "evidence_key",
            "subject",
            "subject_link",
            "account_id");
    private static final int SUBJECTS = 40;

    @Test
    void thePerSubjectTables_areHashPartitionedByTheirSubject_into8Partitions_everyKeyIncludingIt() {
        String prefix = newStore().jdbc().tablePrefix();

        Map<String, String> partitioned = new TreeMap<>();
        Map<String, Integer> partitions = new TreeMap<>();
        sql().useHandle(h -> h.createQuery("SELECT c.relname AS name, p.partstrat AS strategy, a.attname AS col,"
                        + " (SELECT COUNT(*) FROM pg_inherits i WHERE i.inhparent = c.oid) AS partitions"
                        + " FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
                        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0]"
                        + " WHERE c.relname LIKE :prefix AND p.partnatts = 1")
                .bind("prefix", prefix + "%")
                .map((rs, ctx) -> {
                    String table = rs.getString("name").substring(prefix.length());
                    partitioned.put(table, rs.getString("strategy") + " " + rs.getString("col"));
                    return partitions.put(table, rs.getInt("partitions"));
                })
                .list());

        Map<String, String> expected = new TreeMap<>();
        PARTITIONED.forEach((table, column) -> expected.put(table, "h " + column));
        assertThat(partitioned).as("hash-partitioned tables and their column").isEqualTo(expected);
        assertThat(partitions)
                .as("partitions per table")
                .containsOnlyKeys(PARTITIONED.keySet())
                .allSatisfy((table, n) -> assertThat(n).as(table).isEqualTo(8));
        for (Map.Entry<String, String> table : PARTITIONED.entrySet()) {
            Map<String, Boolean> uniques = new TreeMap<>();
            sql().useHandle(h -> h.createQuery("SELECT ci.relname AS index_name, BOOL_OR(a.attname = :col) AS has_col"
                            + " FROM pg_index x JOIN pg_class ci ON ci.oid = x.indexrelid"
                            + " JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY(x.indkey)"
                            + " WHERE x.indrelid = CAST(:table AS regclass) AND x.indisunique GROUP BY ci.relname")
                    .bind("col", table.getValue())
                    .bind("table", prefix + table.getKey())
                    .map((rs, ctx) -> uniques.put(rs.getString("index_name"), rs.getBoolean("has_col")))
                    .list());
            assertThat(uniques)
                    .as("unique keys of %s", table.getKey())
                    .isNotEmpty()
                    .allSatisfy((index, hasColumn) ->
                            assertThat(hasColumn).as(index).isTrue());
        }
        assertThat(uniqueKeys(prefix + "record"))
                .as("the record's keys")
                .containsExactlyInAnyOrder("subject,position", "subject,record_id", "subject,subject_seq");
        assertThat(uniqueKeys(prefix + "evidence")).as("the evidence's key").containsExactly("subject,record_id");
    }

    @Test
    void theRowsOfASubject_lieInOnePartition_theSameInEveryTable_andSubjectsSpreadOverAllPartitions() {
        TestStore store = newStore();
        String prefix = store.jdbc().tablePrefix();
        ConsentSystem consent = system(store);
        Fixtures.defineStandard(consent.purposes());
        for (int i = 0; i < SUBJECTS; i++) {
            consent.ledger().grant("subject-" + i, EMAIL, Fixtures.detailed());
            consent.ledger().deny("subject-" + i, SMS, WEB);
        }
        for (int i = 0; i < 8; i++) {
            consent.ledger().grant("visitor-" + i, SMS, Fixtures.detailed());
            consent.ledger().link("visitor-" + i, "subject-" + i, WEB);
        }

        Map<String, String> recordPartition = partitionOfEach(prefix, "record", "subject");
        assertThat(recordPartition).hasSize(SUBJECTS + 8);
        for (String table : List.of("interaction", "current_state", "evidence", "evidence_key")) {
            assertThat(partitionOfEach(prefix, table, "subject"))
                    .as("the partition of each subject in %s", table)
                    .isEqualTo(recordPartition);
        }
        Map<String, String> linkPartition = partitionOfEach(prefix, "subject_link", "account_id");
        assertThat(linkPartition)
                .hasSize(8)
                .allSatisfy((account, partition) -> assertThat(partition)
                        .as("the links of %s lie beside its records", account)
                        .isEqualTo(recordPartition.get(account)));
        assertThat(new HashSet<>(recordPartition.values()))
                .as("partitions holding subjects")
                .containsExactlyInAnyOrder("_p0", "_p1", "_p2", "_p3", "_p4", "_p5", "_p6", "_p7");
        long records = count(prefix + "record");
        assertThat(store.readFeed(0, 10_000))
                .extracting(ConsentRecord::position)
                .as("the feed across partitions")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, records).boxed().toList());
        assertThat(consent.ledger().verify().problems()).isEmpty();
    }

    @Test
    void aSubjectsHistory_isReadFromOnePartition() {
        String prefix = newStore().jdbc().tablePrefix();

        List<String> lines = sql().withHandle(h -> h.createQuery(
                        "EXPLAIN SELECT * FROM " + prefix + "record WHERE subject = 'ada' ORDER BY position")
                .mapTo(String.class)
                .list());
        String plan = String.join("\n", lines);

        Set<String> partitions = java.util.regex.Pattern.compile(prefix + "record_p[0-9]+\\b")
                .matcher(plan)
                .results()
                .map(java.util.regex.MatchResult::group)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(partitions).as("partitions in the plan:\n%s", plan).hasSize(1);
    }

    @Test
    void partitionedBySubject_overTablesTheOtherScriptsMade_isRefusedNamingThem() {
        String prefix = "q" + Long.toString(System.nanoTime() % 1_000_000, 36) + "_";
        closeAfter(() -> sql().useHandle(h -> {
            for (String table : List.of(
                    "record",
                    "interaction",
                    "current_state",
                    "evidence",
                    "purpose",
                    "relay",
                    "relay_dead_letter",
                    "subject_link",
                    "request_event",
                    "registry_event",
                    "ledger_head",
                    "schema_version")) {
                h.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }));
        JdbcConsentStore.builder(database().pool()).tablePrefix(prefix).build();

        for (SchemaMode mode : List.of(SchemaMode.MIGRATE, SchemaMode.VALIDATE)) {
            assertThatThrownBy(() -> database()
                            .builder(database().pool())
                            .tablePrefix(prefix)
                            .schemaMode(mode)
                            .build())
                    .as("%s", mode)
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining(prefix + "record")
                    .hasMessageContaining("not hash-partitioned");
        }
    }

    @Test
    void partitionedBySubject_onAnotherDatabase_isRejectedNamingTheSetting() {
        assertThatThrownBy(
                        () -> JdbcConsentStore.builder(TestDatabase.h2Memory().pool())
                                .partitionedBySubject()
                                .build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("partitionedBySubject"))
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining("H2");
    }

    /** The key of each row of a prefix's table, to the suffix of the partition that holds it. */
    private Map<String, String> partitionOfEach(String prefix, String table, String column) {
        Map<String, Set<String>> found = new HashMap<>();
        sql().useHandle(h -> h.createQuery(
                        "SELECT CAST(tableoid AS regclass) AS part, " + column + " AS k FROM " + prefix + table)
                .map((rs, ctx) -> found.computeIfAbsent(rs.getString("k"), k -> new HashSet<>())
                        .add(rs.getString("part").substring((prefix + table).length())))
                .list());
        Map<String, String> out = new TreeMap<>();
        found.forEach((key, parts) -> {
            assertThat(parts)
                    .as("partitions of %s holding rows of %s", table, key)
                    .hasSize(1);
            out.put(key, parts.iterator().next());
        });
        return out;
    }

    /** The columns of each unique index of a table, comma-separated in key order. */
    private List<String> uniqueKeys(String table) {
        return sql().withHandle(h -> h.createQuery("SELECT STRING_AGG(a.attname, ',' ORDER BY k.n) AS cols"
                        + " FROM pg_index x CROSS JOIN LATERAL UNNEST(x.indkey) WITH ORDINALITY AS k(attnum, n)"
                        + " JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum"
                        + " WHERE x.indrelid = CAST(:table AS regclass) AND x.indisunique GROUP BY x.indexrelid")
                .bind("table", table)
                .mapTo(String.class)
                .list());
    }
}
