package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.relay.Relay;
import dev.consent.testkit.behaviour.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a relay must not close the database under the application. H2 closes a file database when a thread
 * is interrupted in the middle of its file I/O; a relay that interrupted its thread to stop it, while the
 * thread read the store, left every later check denying with STORE_UNAVAILABLE.
 */
class RelayCloseOnH2FileTest {
    @TempDir
    Path dir;

    @Test
    void closingRelays_whileTheyReadAndWriteTheStore_leavesTheH2FileDatabaseOpen() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath());
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcConsentStore store = JdbcConsentStore.create(pool);
            try (ConsentSystem consent = ConsentSystem.builder()
                    .store(store)
                    .feedPollInterval(Duration.ZERO)
                    .build()) {
                Fixtures.defineStandard(consent.purposes());
                consent.ledger().grant("alice", Fixtures.EMAIL, Fixtures.WEB);
                SplittableRandom random = new SplittableRandom(7);
                for (int i = 0; i < 60; i++) {
                    Relay relay = Relay.builder("relay-" + (i % 3))
                            .store(store)
                            .purposes(consent.purposes())
                            .state(store.relayState())
                            .sink(message -> {})
                            .leaseDuration(Duration.ofMillis(30))
                            .pollInterval(Duration.ofMillis(1))
                            .build()
                            .start();
                    Thread.sleep(random.nextInt(15));
                    relay.close();

                    consent.invalidate("alice");
                    assertThat(consent.enforcer().check("alice", Fixtures.EMAIL).reason())
                            .as("a check after closing relay %d", i)
                            .isEqualTo(DecisionReason.CONSENT_GRANTED);
                }
            }
        }
    }
}
