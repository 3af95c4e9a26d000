package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.jdbc.JdbcConsentStore;
import java.util.Arrays;
import java.util.Locale;

/**
 * Cold-check latency on PostgreSQL over loopback (reported, not gated): each check misses the cache and reads
 * the store once. Runs only when {@code benchmarks.postgres.url} names a server; the tables get a prefix of
 * their own and every table with that prefix is dropped afterwards.
 */
final class Postgres {
    private Postgres() {}

    static Gate coldCheck(String url) {
        return coldCheck(url, "bench" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_", 1_000, 5_000, 10_000);
    }

    /**
     * The same in tables of {@code prefix}, all dropped afterwards, over {@code subjects} granted subjects:
     * {@code warmUps} checks, then {@code checks} measured.
     */
    static Gate coldCheck(String url, String prefix, int subjects, int warmUps, int checks) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try {
                JdbcConsentStore store =
                        JdbcConsentStore.builder(pool).tablePrefix(prefix).build();
                try (ConsentSystem consent = Fixture.system(store, 10_000)) {
                    String[] granted = Zipf.subjects(subjects);
                    Fixture.populate(consent, granted);
                    String[] keys = Zipf.draw(granted, 3);
                    for (int i = 0; i < warmUps; i++) {
                        cold(consent, keys[i & Zipf.MASK]);
                    }
                    long[] nanos = new long[checks];
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
                            "PG cold",
                            "cold check on PostgreSQL over loopback",
                            figure,
                            "aim ≤ 100 µs median",
                            nanos[nanos.length / 2] <= 100_000);
                }
            } finally {
                // every table of the prefix, whatever the schema version made (relay, link, request tables...)
                Databases.dropTables(url, prefix);
            }
        } catch (RuntimeException e) {
            return Gate.notMeasured(
                    "PG cold",
                    "cold check on PostgreSQL over loopback",
                    e.getClass().getSimpleName(),
                    "aim ≤ 100 µs median (not gated)");
        }
    }

    private static void cold(ConsentSystem consent, String subject) {
        consent.invalidate(subject);
        if (!consent.enforcer().check(subject, Fixture.EMAIL).allowed()) {
            throw new AssertionError("the e-mail grant was not allowed");
        }
    }
}
