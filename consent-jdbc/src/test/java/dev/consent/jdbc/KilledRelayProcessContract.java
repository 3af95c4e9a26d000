package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.relay.Relay;
import dev.consent.relay.WebhookSink;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.relay.Receiver;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A relay in a child JVM, killed with SIGKILL while the receiver holds a request it sent: the relay in this
 * JVM takes over once the dead one's lease ends, from the checkpoint the dead one committed, and delivers
 * everything; the change that was in flight arrives twice, nothing is lost. Runs on the databases another
 * process can reach.
 */
abstract class KilledRelayProcessContract extends DatabaseContract {
    @Test
    void aRelayProcessKilledMidDelivery_isReplaced_andNothingIsLost() throws Exception {
        assumeTrue(
                database().reachableFromOtherProcesses(),
                "another process cannot open " + database().name());
        TestStore store = newStore();
        ConsentSystem consent = system(store);
        consent.purposes()
                .define(Purpose.builder("marketing.email")
                        .title("Marketing e-mail")
                        .description("News by e-mail.")
                        .legalBasis(LegalBasis.CONSENT)
                        .recipients(List.of("mailer"))
                        .build());
        for (int i = 0; i < 30; i++) {
            String subject = "user-" + (i % 5);
            if (i / 5 % 2 == 0) {
                consent.ledger().grant(subject, "marketing.email", Fixtures.WEB);
            } else {
                consent.ledger().withdraw(subject, "marketing.email", Fixtures.WEB);
            }
        }
        try (Receiver receiver = new Receiver()) {
            receiver.hangAfter(10);
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            RelayChild.class.getName(),
                            database().jdbcUrl(),
                            store.jdbc().tablePrefix(),
                            receiver.uri().toString(),
                            "child")
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/relay-child.log"))
                    .start();
            try {
                await("the child's 11th message held", () -> receiver.keys().size() == 11);
                long committed = store.jdbc().relayState().checkpoint("email");
                child.destroyForcibly().waitFor();

                try (Relay parent = Relay.builder("email")
                        .store(store)
                        .purposes(consent.purposes())
                        .state(store.jdbc().relayState())
                        .owner("parent")
                        .sink(WebhookSink.builder(receiver.uri())
                                .secret(Receiver.SECRET)
                                .build())
                        .leaseDuration(Duration.ofSeconds(1))
                        .pollInterval(Duration.ofMillis(20))
                        .build()
                        .start()) {
                    await("every change delivered", () -> receiver.keys().size() == 30);
                    await("checkpoint at the head", () -> parent.status().checkpoint() == 30);
                    assertThat(committed).as("the dead child's checkpoint").isEqualTo(10);
                    assertThat(parent.status().delivered()).isEqualTo(20);
                }
            } finally {
                child.destroyForcibly();
            }
            Set<String> expected = new HashSet<>();
            store.readFeed(0, 100).stream().map(ConsentRecord::id).forEach(id -> expected.add(id.toString()));
            int arrivals = receiver.arrivals().size();
            Set<String> lost = new HashSet<>(expected);
            lost.removeAll(receiver.keys());
            System.out.printf(
                    "relay figures [%s, relay process killed with SIGKILL]: produced=%d delivered=%d"
                            + " duplicates=%d lost=%d%n",
                    store,
                    expected.size(),
                    receiver.keys().size(),
                    arrivals - receiver.keys().size(),
                    lost.size());
            assertThat(lost).isEmpty();
            // The change in flight when the child died arrives again from the parent; the child itself may also
            // have retried it before it died (its delivery timed out on a loaded machine). Any other change
            // arriving twice would mean the checkpoint was lost.
            Map<String, Long> perKey = receiver.arrivals().stream()
                    .collect(Collectors.groupingBy(a -> a.message().key(), Collectors.counting()));
            Set<String> repeated = new HashSet<>();
            perKey.forEach((key, n) -> {
                if (n > 1) {
                    repeated.add(key);
                }
            });
            assertThat(arrivals - receiver.keys().size())
                    .as("the change in flight, again")
                    .isGreaterThanOrEqualTo(1);
            assertThat(repeated)
                    .as("changes that arrived more than once: only the one in flight")
                    .hasSize(1);
            assertThat(receiver.firstArrivalOrder().values())
                    .allSatisfy(order -> assertThat(order).isSorted());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
