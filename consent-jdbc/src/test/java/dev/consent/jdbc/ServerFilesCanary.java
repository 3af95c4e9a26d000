package dev.consent.jdbc;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * A store of the real-file canary on a database: the tables of {@link TestDatabase#newStore()} (reused across
 * tests, as migrating a fresh set takes seconds on a server), handed back by {@link #drop()}; or, for a test that
 * builds its own store, a prefix whose tables {@link #drop()} drops (found through the catalogue, so a table
 * added later goes too).
 */
final class ServerFilesCanary {
    private final TestDatabase database;
    private final @Nullable TestStore store;
    private final String prefix;

    ServerFilesCanary(TestDatabase database) {
        this.database = database;
        this.store = database.newStore();
        this.prefix = store.jdbc().tablePrefix();
    }

    ServerFilesCanary(TestDatabase database, String prefix) {
        this.database = database;
        this.store = null;
        this.prefix = prefix;
    }

    JdbcConsentStore store() {
        return java.util.Objects.requireNonNull(store, "store").jdbc();
    }

    Jdbi jdbi() {
        return Jdbi.create(database.pool());
    }

    String prefix() {
        return prefix;
    }

    /** Hands the store's tables back, or drops every table of the prefix. */
    void drop() {
        if (store != null) {
            store.close();
            return;
        }
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
