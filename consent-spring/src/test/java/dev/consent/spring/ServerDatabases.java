package dev.consent.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database servers of the tests: PostgreSQL from {@code -Dconsent.test.postgres.url}, else an embedded
 * PostgreSQL (its binaries come from Maven Central); MariaDB from {@code -Dconsent.test.mariadb.url}, else the
 * MariaDB tests are skipped, or fail with {@code -Dconsent.test.requireMariadb=true}.
 */
final class ServerDatabases {
    private static @Nullable EmbeddedPostgres embedded;

    private ServerDatabases() {}

    static synchronized Map<String, Object> postgres() {
        String url = System.getProperty("consent.test.postgres.url", "");
        if (url.isBlank()) {
            if (embedded == null) {
                try {
                    embedded = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(ServerDatabases::stopEmbedded));
            }
            url = embedded.getJdbcUrl("postgres", "postgres");
        }
        return Map.of("spring.datasource.url", url);
    }

    static Map<String, Object> mariadb() {
        String url = System.getProperty("consent.test.mariadb.url", "");
        if (url.isBlank()) {
            if (Boolean.getBoolean("consent.test.requireMariadb")) {
                throw new IllegalStateException(
                        "consent.test.requireMariadb is set but consent.test.mariadb.url is not");
            }
            Assumptions.abort("no MariaDB server: set -Dconsent.test.mariadb.url to run these tests");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        return properties;
    }

    /**
     * Drops the tables whose names start with {@code prefix}, on a server that outlives the test, over a
     * connection of its own (the application's pool has closed with its context).
     */
    static void dropTables(Map<String, Object> dataSource, String prefix, boolean postgres) {
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                (String) dataSource.get("spring.datasource.url"), true));
        String schema = postgres ? "current_schema()" : "DATABASE()";
        boolean cascade = postgres;
        for (String table : jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = " + schema
                        + " AND table_name LIKE ?",
                String.class,
                prefix + "%")) {
            jdbc.execute("DROP TABLE IF EXISTS " + table + (cascade ? " CASCADE" : ""));
        }
    }

    private static synchronized void stopEmbedded() {
        try {
            if (embedded != null) {
                embedded.close();
            }
        } catch (IOException ignored) {
            // the process ends anyway
        }
    }
}
