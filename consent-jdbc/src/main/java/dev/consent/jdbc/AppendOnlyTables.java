package dev.consent.jdbc;

import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;

/**
 * The optional hardening that makes the database itself refuse every UPDATE and DELETE of {@code <prefix>record}
 * and {@code <prefix>interaction} (and TRUNCATE on PostgreSQL): triggers, because the application usually
 * connects as the tables' owner, whom privileges cannot restrict on PostgreSQL. The scripts are
 * {@code dev/consent/jdbc/schema/append-only/<dialect>.sql}, one per dialect, applied as they are and idempotent;
 * this class applies the script when a trigger is missing and tells whether all are there.
 */
final class AppendOnlyTables {
    /** The folder of the hardening scripts, one per dialect. */
    static final String FOLDER = "dev/consent/jdbc/schema/append-only/";

    private final Dialect dialect;
    private final String prefix;

    AppendOnlyTables(Dialect dialect, String prefix) {
        this.dialect = dialect;
        this.prefix = prefix;
    }

    /** The script of this dialect's hardening, on the class path (MySQL takes MariaDB's). */
    String scriptName() {
        return FOLDER + dialect.name().toLowerCase(Locale.ROOT) + ".sql";
    }

    /** The names of the triggers the script creates, in lowercase. */
    List<String> triggers() {
        return switch (dialect) {
            case H2 -> List.of(prefix + "record_append_only", prefix + "interaction_append_only");
            case POSTGRESQL ->
                List.of(
                        prefix + "record_append_only",
                        prefix + "record_no_truncate",
                        prefix + "interaction_append_only",
                        prefix + "interaction_no_truncate");
            case MARIADB ->
                List.of(
                        prefix + "record_no_update",
                        prefix + "record_no_delete",
                        prefix + "interaction_no_update",
                        prefix + "interaction_no_delete");
        };
    }

    /** Whether every trigger of the hardening is on the tables the store's connection sees. */
    boolean installed(Handle h) {
        String sql = switch (dialect) {
            case H2 ->
                "SELECT COUNT(DISTINCT TRIGGER_NAME) FROM INFORMATION_SCHEMA.TRIGGERS WHERE TRIGGER_SCHEMA = SCHEMA()"
                        + " AND LOWER(TRIGGER_NAME) IN (<names>)";
            case POSTGRESQL ->
                "SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                        + " WHERE pg_table_is_visible(c.oid) AND c.relname IN (:record, :interaction)"
                        + " AND t.tgname IN (<names>) AND t.tgenabled <> 'D'";
            case MARIADB ->
                "SELECT COUNT(DISTINCT TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"
                        + " AND LOWER(TRIGGER_NAME) IN (<names>)";
        };
        var query = h.createQuery(sql).bindList("names", triggers());
        if (dialect == Dialect.POSTGRESQL) {
            query.bind("record", prefix + "record").bind("interaction", prefix + "interaction");
        }
        return query.mapTo(Long.class).one() == triggers().size();
    }

    /** Applies the script in one transaction (on MariaDB each statement commits on its own). */
    void install(Handle h) {
        String script = Schema.text(scriptName(), prefix);
        h.useTransaction(tx -> {
            for (String sql : Schema.statements(script)) {
                tx.execute(sql);
            }
        });
    }
}
