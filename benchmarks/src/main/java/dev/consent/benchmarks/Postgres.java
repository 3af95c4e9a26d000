package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.jdbc.JdbcConsentStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;

/**
 * Cold-check latency on PostgreSQL over loopback (reported, not gated): each check misses the cache and reads
 * the store once. Runs only when {@code benchmarks.postgres.url} names a server; the tables get a prefix of
 * their own and are dropped afterwards.
 */
final class Postgres {
    private static final String[] TABLES = {
        "record", "interaction", "current_state", "evidence", "evidence_key", "purpose", "ledger_head", "schema_version"
    };

    private Postgres() {}

    static Gate coldCheck(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        String prefix = "bench" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try {
                JdbcConsentStore store =
                        JdbcConsentStore.builder(pool).tablePrefix(prefix).build();
                try (ConsentSystem consent = Fixture.system(store, 10_000)) {
                    String[] subjects = Zipf.subjects(1_000);
                    Fixture.populate(consent, subjects);
                    String[] keys = Zipf.draw(subjects, 3);
                    for (int i = 0; i < 5_000; i++) {
                        cold(consent, keys[i & Zipf.MASK]);
                    }
                    long[] nanos = new long[10_000];
                    for (int i = 0; i < nanos.length; i++) {
                        String s = keys[i & Zipf.MASK];
                        long start = System.nanoTime();
                        cold(consent, s);
                        nanos[i] = System.nanoTime() - start;
                    }
                    Arrays.sort(nanos);
                    String figure = String.format(
                            Locale.ROOT,
                            "median %.0f µs, p99 %.0f µs",
                            nanos[nanos.length / 2] / 1e3,
                            nanos[nanos.length * 99 / 100] / 1e3);
                    return Gate.report(
                            "PG cold", "cold check on PostgreSQL over loopback", figure, "aim ≤ 100 µs median");
                }
            } finally {
                drop(pool, prefix);
            }
        } catch (RuntimeException e) {
            return Gate.report(
                    "PG cold",
                    "cold check on PostgreSQL over loopback",
                    "not measured: " + e.getClass().getSimpleName(),
                    "aim ≤ 100 µs median");
        }
    }

    private static void cold(ConsentSystem consent, String subject) {
        consent.invalidate(subject);
        if (!consent.enforcer().check(subject, Fixture.EMAIL).allowed()) {
            throw new AssertionError("the e-mail grant was not allowed");
        }
    }

    private static void drop(HikariDataSource pool, String prefix) {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            for (String t : TABLES) {
                st.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        } catch (SQLException e) {
            System.err.println("could not drop the benchmark tables " + prefix + "*: " + e);
        }
    }
}
