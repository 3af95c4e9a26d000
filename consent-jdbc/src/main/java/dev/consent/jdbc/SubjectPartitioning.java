package dev.consent.jdbc;

import dev.consent.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The PostgreSQL schema whose per-subject tables are hash-partitioned by subject ({@code partitionedBySubject()}
 * on the builder): its scripts, and the check that the tables of a prefix really are laid out that way. The
 * store's SQL is the same on both layouts; only the scripts differ.
 */
final class SubjectPartitioning {
    /** The folder of the variant's scripts, beside the dialects' own. */
    static final String SCRIPT_FOLDER = "dev/consent/jdbc/schema/postgresql-partitioned/";

    /** The partitioned tables without the prefix, with the column each is partitioned by. */
    static final Map<String, String> TABLES = Map.of(
            "record",
            "subject",
            "interaction",
            "subject",
            "current_state",
            "subject",
            "evidence",
            "subject",
            "subject_link",
            "account_id");

    private SubjectPartitioning() {}

    /** Refuses the variant on a database other than PostgreSQL. */
    static void requireSupported(Dialect dialect) {
        if (dialect != Dialect.POSTGRESQL) {
            throw new InvalidInputException(
                    "partitionedBySubject",
                    dialect,
                    "needs PostgreSQL (declarative hash partitioning); leave it unset on " + dialect);
        }
    }

    /**
     * Checks that each per-subject table of the prefix is hash-partitioned by its column, so that a store asked
     * for the variant never runs on tables the plain scripts created (the store would work, without the layout
     * asked for).
     *
     * @throws SchemaException naming the tables that are not, or if the catalogue could not be read
     */
    static void check(Jdbi jdbi, String prefix) {
        Map<String, String> found = new TreeMap<>();
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT c.relname AS name, p.partstrat AS strategy,"
                            + " a.attname AS column_name FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
                            + " JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]"
                            + " WHERE c.relname IN (<names>) AND pg_table_is_visible(c.oid)")
                    .bindList(
                            "names",
                            TABLES.keySet().stream().map(t -> prefix + t).toList())
                    .map((rs, ctx) -> found.put(
                            rs.getString("name").substring(prefix.length()),
                            rs.getString("strategy") + " " + rs.getString("column_name")))
                    .list());
        } catch (JdbiException e) {
            throw new SchemaException(
                    "could not read which consent tables are partitioned (table prefix '" + prefix + "')", e);
        }
        List<String> wrong = TABLES.entrySet().stream()
                .filter(t -> !("h " + t.getValue()).equals(found.get(t.getKey())))
                .map(t -> prefix + t.getKey())
                .sorted()
                .toList();
        if (!wrong.isEmpty()) {
            throw new SchemaException(
                    "partitionedBySubject() was asked for, but " + wrong + " are not hash-partitioned"
                            + " by their subject column: they were made by other scripts than those in " + SCRIPT_FOLDER
                            + "; moving the rows into partitioned tables is a copy this library does not make",
                    null);
        }
    }
}
