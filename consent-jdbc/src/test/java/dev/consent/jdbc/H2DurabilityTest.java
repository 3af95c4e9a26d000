package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 file database as the embedded default: commits reach the file before they return, so a database
 * closed abruptly or shut down and reopened holds every record, and the ledger still verifies. Each test
 * has a database file of its own, since H2 keeps {@code WRITE_DELAY} in the file.
 */
class H2DurabilityTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Fixtures.START);
    private final List<AutoCloseable> open = new ArrayList<>();

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setMaximumPoolSize(4);
        config.setPoolName("h2-durability");
        HikariDataSource pool = new HikariDataSource(config);
        open.add(pool);
        return pool;
    }

    private ConsentSystem system(JdbcConsentStore store) {
        ConsentSystem consent =
                ConsentSystem.builder().store(store).clock(clock).build();
        open.add(consent);
        return consent;
    }

    private static String writeDelay(HikariDataSource pool) {
        return Jdbi.create(pool)
                .withHandle(h -> h.createQuery(
                                "SELECT DISTINCT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")
                        .mapTo(String.class)
                        .one());
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs one of H2's SHUTDOWN statements and closes the pool, whose connections it broke. */
    private static void stop(HikariDataSource pool, String shutdown) throws SQLException {
        Connection c = pool.getConnection();
        try {
            c.createStatement().execute(shutdown);
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                // the connection went with the database
            }
            pool.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aStoreOverAnH2File_setsWriteDelayToZero() {
        HikariDataSource pool = pool();
        assertThat(writeDelay(pool)).as("H2's own default").isEqualTo("500");

        JdbcConsentStore.create(pool);

        assertThat(writeDelay(pool)).isEqualTo("0");
    }

    @Test
    void aStoreWithoutDurableH2Commits_leavesWriteDelayAlone() throws SQLException {
        HikariDataSource pool = pool();
        execute(pool, "SET WRITE_DELAY 321");

        JdbcConsentStore.builder(pool).durableH2Commits(false).build();

        assertThat(writeDelay(pool)).isEqualTo("321");
    }

    @Test
    void aDatabaseShutDownAndReopened_holdsEveryRecord_andVerifies() throws SQLException {
        HikariDataSource pool = pool();
        ConsentSystem consent = system(JdbcConsentStore.create(pool));
        List<ConsentRecord> written = writeWorkload(consent);

        stop(pool, "SHUTDOWN");

        assertReopenedHolds(written);
    }

    /** SHUTDOWN IMMEDIATELY closes the file without writing what is pending, as a killed process would. */
    @Test
    void recordsCommittedJustBeforeTheDatabaseStopsAbruptly_areThereWhenItIsReopened() throws SQLException {
        HikariDataSource pool = pool();
        ConsentSystem consent = system(JdbcConsentStore.create(pool));
        List<ConsentRecord> written = writeWorkload(consent);

        stop(pool, "SHUTDOWN IMMEDIATELY");

        assertReopenedHolds(written);
    }

    private List<ConsentRecord> writeWorkload(ConsentSystem consent) {
        Fixtures.defineStandard(consent.purposes());
        List<ConsentRecord> written = new ArrayList<>();
        written.addAll(consent.ledger().grant("ada", EMAIL, Fixtures.detailed()).records());
        written.addAll(consent.ledger().object("ada", ANALYTICS, WEB).records());
        clock.advance(Duration.ofMinutes(1));
        written.addAll(consent.ledger().grant("bob", SMS, Fixtures.detailed()).records());
        written.addAll(consent.ledger().withdraw("ada", EMAIL, WEB).records());
        return written;
    }

    private void assertReopenedHolds(List<ConsentRecord> written) {
        JdbcConsentStore reopened = JdbcConsentStore.create(pool());
        ConsentSystem consent = system(reopened);

        assertThat(reopened.readFeed(0, 100)).isEqualTo(written);
        assertThat(reopened.headPosition()).isEqualTo(written.size());
        assertThat(consent.purposes().current()).hasSize(4);
        assertThat(consent.ledger().evidence("bob")).hasSize(1);
        assertThat(consent.ledger().verify().problems()).isEmpty();
        assertThat(consent.ledger().verify("ada").problems()).isEmpty();
        assertThat(consent.enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(consent.enforcer().check("ada", ANALYTICS).reason()).isEqualTo(DecisionReason.OBJECTED);
        assertThat(consent.enforcer().check("bob", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }
}
