package dev.consent.jdbc;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A store of the real-file canary (or another test that needs a prefix of its own) on a database: tables under a prefix of its own, dropped afterwards
 * (found through the catalogue, so a table added later goes too).
 */
final class ServerFilesCanary {
    private final TestDatabase database;
    private final String prefix;
    private JdbcConsentStore store;

    ServerFilesCanary(TestDatabase database) {
        this(database, "fc" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_");
    }

    ServerFilesCanary(TestDatabase database, String prefix) {
        this.database = database;
        this.prefix = prefix;
    }

    JdbcConsentStore store() {
        if (store == null) {
            store = JdbcConsentStore.builder(database.pool())
                    .tablePrefix(prefix)
                    .build();
        }
        return store;
    }

    Jdbi jdbi() {
        return Jdbi.create(database.pool());
    }

    String prefix() {
        return prefix;
    }

    /** Drops every table of the prefix. */
    void drop() {
        boolean h2 = database.name().startsWith("H2");
        jdbi().useHandle(h -> {
            List<String> tables = h.createQuery("SELECT table_name FROM information_schema.tables WHERE "
                            + (database.name().startsWith("MariaDB") ? "table_schema = DATABASE() AND " : "")
                            + (h2 ? "table_schema = 'PUBLIC' AND LOWER(table_name)" : "table_name") + " LIKE :p")
                    .bind("p", prefix + "%")
                    .mapTo(String.class)
                    .list();
            for (String t : tables) {
                h.execute("DROP TABLE IF EXISTS " + t + (database.name().startsWith("MariaDB") ? "" : " CASCADE"));
            }
        });
    }
}
