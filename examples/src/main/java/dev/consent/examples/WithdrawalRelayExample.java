package dev.consent.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.relay.ChangeMessage;
import dev.consent.relay.Relay;
import dev.consent.relay.RelayStatus;
import dev.consent.relay.WebhookSignature;
import dev.consent.relay.WebhookSink;
import dev.consent.spi.ChangeSink;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * A withdrawal reaching another system: a relay beside the application follows the ledger (an H2 database
 * in memory; its checkpoint lives in the same database) and posts each change to a small webhook receiver
 * on loopback, standing in for an e-mail platform. The receiver checks each request's HMAC signature and
 * timestamp, and prints what it got.
 */
public final class WithdrawalRelayExample {
    private static final byte[] SECRET = "a-secret-shared-with-the-mailer".getBytes(StandardCharsets.UTF_8);

    private WithdrawalRelayExample() {}

    /** Runs the example, printing to standard output. */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * Runs the example.
     *
     * @return the messages the receiver accepted, in arrival order
     */
    static List<ChangeMessage> run(PrintStream out) throws IOException, InterruptedException {
        List<ChangeMessage> received = new ArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/consent-changes", exchange -> receive(exchange, out, received, two));
        receiver.start();
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/consent-changes");
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:relay-example;DB_CLOSE_DELAY=-1", "sa", "");
        try {
            try (JdbcConsentStore store = JdbcConsentStore.create(pool); // closed here: the system leaves it open
                    ConsentSystem consent = ConsentSystem.builder().store(store).build();
                    Relay relay = Relay.builder("mailer")
                            .store(store)
                            .purposes(consent.purposes())
                            .state(store.relayState())
                            .sink(ChangeSink.forRecipient(
                                    "Mailer Ltd",
                                    WebhookSink.builder(endpoint)
                                            .secret(SECRET)
                                            .requestTimeout(Duration.ofSeconds(5))
                                            .build()))
                            .build()) {
                consent.purposes()
                        .define(Purpose.builder("marketing.email")
                                .title("Marketing e-mail")
                                .description("News and offers by e-mail, about once a month.")
                                .legalBasis(LegalBasis.CONSENT)
                                .recipients(List.of("Mailer Ltd"))
                                .build());
                relay.start();
                out.println("Relay 'mailer' follows the ledger and posts to " + endpoint);
                CollectionContext web = CollectionContext.of(Channel.WEB, "preferences_page");
                consent.ledger().grant("user-42", "marketing.email", web);
                out.println("user-42 grants marketing.email");
                consent.ledger().withdraw("user-42", "marketing.email", web);
                out.println("user-42 withdraws marketing.email");
                if (!two.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the receiver did not get both changes in 30 seconds");
                }
                RelayStatus status = relay.status();
                for (int i = 0; i < 300 && status.behind() > 0; i++) {
                    Thread.sleep(10);
                    status = relay.status();
                }
                out.println("Relay status: checkpoint " + status.checkpoint() + " of head " + status.headPosition()
                        + ", behind " + status.behind() + ", delivered " + status.delivered()
                        + ", dead letters " + status.deadLetters());
            }
        } finally {
            receiver.stop(0);
            pool.dispose();
        }
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** What the mailer's endpoint does: verify, print, acknowledge with 204; a bad signature gets 401. */
    private static void receive(
            HttpExchange exchange, PrintStream out, List<ChangeMessage> received, CountDownLatch latch)
            throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean valid = WebhookSignature.verify(
                    SECRET,
                    exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER),
                    body,
                    Instant.now(),
                    Duration.ofMinutes(5));
            if (!valid) {
                out.println("  receiver: rejected a request with a bad signature");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ChangeMessage m = ChangeMessage.fromJson(new String(body, StandardCharsets.UTF_8));
            out.println("  receiver: signature valid; " + m.subject() + " " + m.purpose() + " v" + m.purposeVersion()
                    + ": " + m.oldStatus() + " -> " + m.newStatus() + " (key " + m.key() + ", position "
                    + m.position() + ")");
            out.println("  receiver: body " + new String(body, StandardCharsets.UTF_8));
            if (m.newStatus() == dev.consent.ConsentStatus.WITHDRAWN) {
                out.println("  receiver: stop sending marketing e-mail to " + m.subject());
            }
            synchronized (received) {
                received.add(m);
            }
            exchange.sendResponseHeaders(204, -1);
            latch.countDown();
        } finally {
            exchange.close();
        }
    }
}
