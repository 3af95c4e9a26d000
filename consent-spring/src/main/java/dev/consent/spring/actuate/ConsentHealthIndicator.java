package dev.consent.spring.actuate;

import dev.consent.ConsentSystem;
import dev.consent.FeedStats;
import dev.consent.relay.Relay;
import dev.consent.relay.RelayStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code consent} health indicator: whether the store answers and the change feed is followed, with the
 * lag of each relay. Thread-safe.
 *
 * <ul>
 *   <li><b>DOWN</b> when the store fails to read its head position, or gives no answer within the timeout
 *       ({@code consent.health.timeout}, 2 seconds by default; the read goes on in the background, never
 *       interrupted, and no second read starts until it ends);
 *   <li><b>DOWN</b> when the system follows the store's change feed and its last
 *       {@code consent.health.feed-failures-down} polls (3 by default) failed in a row: changes made by other
 *       nodes then reach this one only when its cached snapshots expire;
 *   <li><b>UP</b> otherwise. Relays never change the status: their lag and dead letters are details, to alert on
 *       through the meters ({@link ConsentMetrics}).
 * </ul>
 *
 * <p>Details: {@code headPosition}; {@code feed} (whether it is followed, its position, how far behind the head
 * it is, polls failed in total and in a row, resets); {@code outageDenials} (checks denied because the store
 * failed); {@code relays}, per relay name, its {@link RelayStatus} lag, lease and dead letters. No detail holds
 * personal data: subject ids and evidence never appear, and a failure is described by its exception class and
 * the library's message, which names no subject. Each call reads the store: the head position and, per relay,
 * its checkpoint, its oldest undelivered change and its dead letters.
 *
 * <p>Close it to stop its reading thread (the auto-configuration does, with the context).
 */
public final class ConsentHealthIndicator implements HealthIndicator, AutoCloseable {
    private final ConsentSystem consent;
    private final Supplier<List<Relay>> relays;
    private final Duration timeout;
    private final int feedFailuresDown;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "consent-health");
        t.setDaemon(true);
        return t;
    });
    private @Nullable CompletableFuture<Reading> inFlight;

    /**
     * @param consent the system to report on
     * @param relays the relays to report on, asked at each call
     * @param timeout how long to wait for the store; positive
     * @param feedFailuresDown failed feed polls in a row from which the status is DOWN; 1 or more
     * @throws IllegalArgumentException if {@code timeout} or {@code feedFailuresDown} is out of range, naming the
     *     property and the value
     */
    public ConsentHealthIndicator(
            ConsentSystem consent, Supplier<List<Relay>> relays, Duration timeout, int feedFailuresDown) {
        this.consent = Objects.requireNonNull(consent, "consent");
        this.relays = Objects.requireNonNull(relays, "relays");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("consent.health.timeout must be positive, was " + timeout);
        }
        if (feedFailuresDown < 1) {
            throw new IllegalArgumentException(
                    "consent.health.feed-failures-down must be 1 or more, was " + feedFailuresDown);
        }
        this.timeout = timeout;
        this.feedFailuresDown = feedFailuresDown;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        FeedStats feed = consent.feedStats();
        Reading reading;
        try {
            reading = read();
        } catch (TimeoutException e) {
            return health.down()
                    .withDetail("error", String.valueOf(e.getMessage()))
                    .withDetail("feed", feed(feed, null))
                    .build();
        } catch (RuntimeException e) {
            return health.down()
                    .withDetail("error", describe(e))
                    .withDetail("feed", feed(feed, null))
                    .build();
        }
        if (feed.following() && feed.consecutiveFailedPolls() >= feedFailuresDown) {
            health.down()
                    .withDetail(
                            "error",
                            "the last " + feed.consecutiveFailedPolls() + " polls of the store's change feed failed");
        }
        health.withDetail("headPosition", reading.head)
                .withDetail("feed", feed(feed, reading.head))
                .withDetail("outageDenials", consent.enforcer().stats().storeUnavailable());
        if (!reading.relays.isEmpty()) {
            health.withDetail("relays", reading.relays);
        }
        return health.build();
    }

    /** Stops the reading thread; a read in flight ends by itself. */
    @Override
    public void close() {
        reader.shutdown();
    }

    /** Reads the store on the reading thread, waiting at most the timeout; one read at a time. */
    private Reading read() throws TimeoutException {
        CompletableFuture<Reading> future;
        synchronized (this) {
            CompletableFuture<Reading> previous = inFlight;
            if (previous != null && !previous.isDone()) {
                throw new TimeoutException("the store has not answered the previous health read yet");
            }
            future = CompletableFuture.supplyAsync(this::readNow, reader);
            inFlight = future;
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("the store gave no answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted while waiting for the store");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Reading readNow() {
        long head = consent.ledger().headPosition();
        Map<String, Object> byName = new LinkedHashMap<>();
        for (Relay relay : relays.get()) {
            byName.put(relay.name(), relay(relay));
        }
        return new Reading(head, byName);
    }

    private static Map<String, Object> relay(Relay relay) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            RelayStatus s = relay.status();
            out.put("behind", s.behind());
            out.put("checkpoint", s.checkpoint());
            out.put("oldestUndeliveredAge", s.oldestUndeliveredAge().toString());
            out.put("leaseHeld", s.leaseHeld());
            out.put("deadLetters", s.deadLetters());
            out.put("failedAttempts", s.failedAttempts());
        } catch (RuntimeException e) {
            out.put("error", describe(e));
        }
        return out;
    }

    private static Map<String, Object> feed(FeedStats feed, @Nullable Long head) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("following", feed.following());
        if (feed.following()) {
            out.put("position", feed.position());
            if (head != null) {
                out.put("behind", Math.max(0, head - feed.position()));
            }
            out.put("failedPolls", feed.failedPolls());
            out.put("consecutiveFailedPolls", feed.consecutiveFailedPolls());
            out.put("resets", feed.resets());
        }
        return out;
    }

    /**
     * A failure as its class and the library's message, which names at most an operation, a purpose or an
     * interaction id, never a subject; the cause (a driver's message) is left out.
     */
    private static String describe(RuntimeException e) {
        return e.getClass().getName() + (e instanceof dev.consent.ConsentException ? ": " + e.getMessage() : "");
    }

    private record Reading(long head, Map<String, Object> relays) {}
}
