package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.jdbc.JdbcConsentStore;
import javax.sql.DataSource;

/**
 * One node as a new user would set it up: a HikariCP pool, a {@link JdbcConsentStore} over it and a
 * {@link ConsentSystem} with the default settings (cache, feed polling every second), with the benchmark
 * purposes defined. Several nodes over one database and prefix share one ledger.
 */
final class Node implements AutoCloseable {
    final HikariDataSource pool;
    final ConsentSystem consent;

    /**
     * @param writers the writer threads of this node; the pool gets one connection each, and one more for the
     *     feed poller
     * @param dataSource the physical connections, or null to let the pool open them from {@code url}
     */
    Node(String url, String prefix, int writers, DataSource dataSource) {
        this(url, prefix, writers, dataSource, null);
    }

    Node(String url, String prefix, int writers, DataSource dataSource, java.time.Duration feedPollInterval) {
        pool = Databases.pool(url, writers + 1, true, dataSource);
        try {
            JdbcConsentStore store =
                    JdbcConsentStore.builder(pool).tablePrefix(prefix).build();
            ConsentSystem.Builder b = ConsentSystem.builder().store(store);
            if (feedPollInterval != null) {
                b.feedPollInterval(feedPollInterval);
            }
            consent = b.build();
            Fixture.definePurposes(consent);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            consent.close();
        } finally {
            pool.close();
        }
    }
}
