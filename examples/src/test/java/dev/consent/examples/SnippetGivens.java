package dev.consent.examples;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.relay.WebhookSignature;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a documentation snippet may take as given: {@link DocSnippetsTest} compiles each {@code run} or
 * {@code compile} snippet as the body of {@link #body()} in a subclass, so the snippet sees these fields
 * and helpers as plain names ({@code consent}, {@code signup}, {@code dataSource}, ...). The comment before
 * the snippet names the given ({@code <!-- snippet: run rights -->}); {@link #given(String)} sets it up.
 * Fields a given does not set stay {@code null}.
 */
public abstract class SnippetGivens {
    /** The givens a snippet may name, with what each sets up. */
    static final Map<String, String> GIVENS = Map.of(
            "memory", "consent: a system over an empty in-memory store",
            "marketing",
                    "consent over memory with marketing.email and marketing.sms (group marketing, consent)"
                            + " and billing (contract); signup: a web context; user-42 granted marketing.email",
            "groups", "consent over memory with the marketing group's purposes, signup, clock; no records",
            "rights",
                    "groups, then visitor-7f3a grants marketing.sms (2026-03-01), user-42 grants the group"
                            + " (03-02) and withdraws it under interaction form-7 (03-05)",
            "erased", "rights, then user-42 erased with the context dsar",
            "h2",
                    "an H2 database in memory: dataSource, jdbi, store (JDBC, migrated), consent over it with the"
                            + " purposes of marketing, signup, email, sharedSecret and an account table (id, email)",
            "h2-transaction", "h2, with storeTransaction: an open Jdbi transaction, rolled back at the end",
            "webhook-receiver", "sharedSecret, and a request with its body, signed with it just now",
            "kafka", "producer: a stand-in for a Kafka producer whose sends succeed at once");

    protected ConsentSystem consent;
    protected JdbcConsentStore store;
    protected CollectionContext signup;
    protected CollectionContext dsar;
    protected SettableClock clock; // null on H2: the system's clock is the real one
    protected DataSource dataSource;
    protected Jdbi jdbi;
    protected StoreTransaction storeTransaction;
    protected String email = "someone@example.org";
    protected byte[] sharedSecret;
    protected Request request;
    protected byte[] body;
    protected Producer producer;

    private static final byte[] SECRET = "a-secret-of-at-least-16-bytes".getBytes(StandardCharsets.UTF_8);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    /** The snippet itself, followed by its checks. */
    protected abstract void body() throws Exception;

    /** Stand-in for a web framework's request: its headers. */
    public record Request(Map<String, String> headers) {
        /** The header's value, or {@code null}. */
        public String header(String name) {
            return headers.get(name);
        }
    }

    /** Stand-in for Kafka's {@code ProducerRecord}: the same constructor shape, for a sketch to compile. */
    public record ProducerRecord<K, V>(String topic, K key, V value) {}

    /** Stand-in for Kafka's {@code Producer}: {@code send} answers a future of the broker's acknowledgement. */
    public interface Producer {
        /** Sends the record; the future completes when the broker acknowledged it. */
        Future<Object> send(ProducerRecord<String, String> record);
    }

    /** The application's own insert, for the transaction snippets. */
    protected void insertAccount(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO account (id, email) VALUES (?, ?)")) {
            s.setString(1, id);
            s.setString(2, email);
            s.executeUpdate();
        }
    }

    final void given(String name) throws Exception {
        switch (name) {
            case "memory" -> memory();
            case "marketing" -> {
                memory();
                marketing();
                consent.ledger().grant("user-42", "marketing.email", signup);
            }
            case "groups" -> {
                memory();
                marketing();
            }
            case "rights" -> {
                memory();
                rights();
            }
            case "erased" -> {
                memory();
                rights();
                dsar = CollectionContext.builder(Channel.EMAIL)
                        .collectionPoint("dpo_mailbox")
                        .actor(Actor.operator("dpo-7"))
                        .build();
                clock.advance(Duration.ofDays(1));
                consent.ledger().erase("user-42", dsar);
            }
            case "h2" -> h2();
            case "h2-transaction" -> {
                h2();
                Handle handle = jdbi.open();
                toClose.push(handle);
                handle.begin();
                toClose.push(handle::rollback);
                storeTransaction = store.transaction(handle);
            }
            case "webhook-receiver" -> {
                sharedSecret = SECRET;
                body = "{\"messageVersion\":1}".getBytes(StandardCharsets.UTF_8);
                long now = Instant.now().getEpochSecond();
                request = new Request(Map.of(
                        "Consent-Timestamp",
                        Long.toString(now),
                        "Consent-Signature",
                        WebhookSignature.sign(sharedSecret, now, body)));
            }
            case "kafka" -> producer = record -> CompletableFuture.completedFuture(record.key());
            default -> throw new IllegalArgumentException("no given named '" + name + "'; known: " + GIVENS.keySet());
        }
    }

    final void close() throws Exception {
        Exception first = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void memory() {
        clock = new SettableClock(Instant.parse("2026-03-01T09:00:00Z"));
        system(new InMemoryConsentStore());
    }

    private void system(ConsentStore over) {
        toClose.push(over);
        ConsentSystem.Builder builder = ConsentSystem.builder().store(over);
        consent = (clock == null ? builder : builder.clock(clock)).build();
        toClose.push(consent);
    }

    private void marketing() {
        for (String id : List.of("marketing.email", "marketing.sms")) {
            consent.purposes()
                    .define(Purpose.builder(id)
                            .title(id)
                            .description("Offers about " + id + ".")
                            .legalBasis(LegalBasis.CONSENT)
                            .group("marketing")
                            .maxAge(java.time.Period.ofMonths(13))
                            .build());
        }
        consent.purposes()
                .define(Purpose.builder("billing")
                        .title("Billing")
                        .description("Billing the subscription you ordered.")
                        .legalBasis(LegalBasis.CONTRACT)
                        .build());
        signup = CollectionContext.builder(Channel.WEB)
                .collectionPoint("signup_form_v3")
                .noticeVersion("privacy-2026-03")
                .jurisdiction("EU")
                .evidence(Evidence.of("203.0.113.7", "Mozilla/5.0"))
                .build();
    }

    private void rights() {
        marketing();
        consent.ledger().grant("visitor-7f3a", "marketing.sms", signup);
        clock.advance(Duration.ofDays(1));
        consent.ledger().grantGroup("user-42", "marketing", signup);
        clock.advance(Duration.ofDays(3));
        consent.ledger()
                .record(Interaction.builder("user-42")
                        .interactionId("form-7")
                        .context(signup)
                        .withdrawGroup("marketing")
                        .build());
    }

    private void h2() {
        JdbcConnectionPool pool =
                JdbcConnectionPool.create("jdbc:h2:mem:snippet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        toClose.push(pool::dispose);
        toClose.push(() -> {
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            }
        });
        dataSource = pool;
        sharedSecret = SECRET;
        jdbi = Jdbi.create(pool);
        jdbi.useHandle(h -> h.execute("CREATE TABLE account (id VARCHAR(255), email VARCHAR(255))"));
        store = JdbcConsentStore.create(pool);
        system(store);
        marketing();
    }
}
