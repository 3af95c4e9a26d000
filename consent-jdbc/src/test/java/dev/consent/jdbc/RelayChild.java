package dev.consent.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.relay.Relay;
import dev.consent.relay.WebhookSink;
import dev.consent.testkit.relay.Receiver;
import java.net.URI;
import java.time.Duration;

/**
 * A relay in a process of its own, for {@link KilledRelayProcessContract} to kill: arguments JDBC URL, table
 * prefix, webhook URI, relay owner. Runs until killed.
 */
final class RelayChild {
    private RelayChild() {}

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(3);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcConsentStore store = JdbcConsentStore.builder(pool)
                .tablePrefix(args[1])
                .schemaMode(SchemaMode.VALIDATE)
                .build();
        ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .feedPollInterval(Duration.ZERO)
                .build();
        Relay.builder("email")
                .store(store)
                .purposes(consent.purposes())
                .state(store.relayState())
                .sink(WebhookSink.builder(URI.create(args[2]))
                        .secret(Receiver.SECRET)
                        .build())
                .owner(args[3])
                // long enough that the child's first delivery (a cold JVM on a loaded machine) ends within its
                // lease: a lapse there redelivers an early change, which the contract counts as a lost checkpoint
                .leaseDuration(Duration.ofSeconds(4))
                .pollInterval(Duration.ofMillis(20))
                .build()
                .start();
        System.out.println("relay started");
        Thread.sleep(Long.MAX_VALUE);
    }
}
