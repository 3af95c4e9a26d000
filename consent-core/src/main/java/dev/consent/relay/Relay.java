package dev.consent.relay;

import dev.consent.ConsentRecord;
import dev.consent.InvalidInputException;
import dev.consent.PurposeRegistry;
import dev.consent.spi.ChangeSink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ledger's change feed from a durable checkpoint and hands each change, as a
 * {@link ChangeMessage}, to one {@link ChangeSink}: at least once, in ledger order (so in per-subject order),
 * advancing the checkpoint only after the sink acknowledged.
 *
 * <p><b>One deliverer per name.</b> Instances with the same name (on several nodes, over one
 * {@link RelayState}) share a checkpoint and a lease: only the holder of an unexpired lease delivers, and its
 * checkpoint advance succeeds only while it still holds the lease. When the holder dies or hangs past the
 * lease duration, another instance takes over from the checkpoint; the change in flight is then delivered
 * again (a duplicate, with the same {@link ChangeMessage#key()}), never lost. Keep the sink's timeout well
 * below the lease duration.
 *
 * <p><b>Failures.</b> A failed delivery is retried after an exponential backoff with jitter (each wait a
 * random time between half and all of {@code initialBackoff * 2^(attempt-1)}, capped at
 * {@code maxBackoff}). After {@code maxAttempts} attempts the change becomes a {@link DeadLetter} with the
 * last error, the checkpoint moves past it and delivery goes on: a poisoned change does not stop every
 * later one, at the price of per-subject order for that subject until it is re-driven
 * ({@link #redrive(long)}). Each relay has its own thread, so a failing sink delays only its own relay: run
 * one relay per destination. {@link #status()} reports the lag to alert on.
 *
 * <p>Thread-safe. {@link #start()} starts one daemon thread; {@link #close()} stops it and gives the lease up.
 */
public final class Relay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    private final String name;
    private final String owner;
    private final ConsentStore store;
    private final RelayState state;
    private final ChangeSink sink;
    private final Clock clock;
    private final Deliverer deliverer;
    private @Nullable Thread thread;

    private Relay(Builder b, ConsentStore store, PurposeRegistry purposes, RelayState state, ChangeSink sink) {
        this.name = b.name;
        this.owner = b.owner != null ? b.owner : ProcessHandle.current().pid() + "-" + UUID.randomUUID();
        this.store = store;
        this.state = state;
        this.sink = sink;
        this.clock = b.clock;
        this.deliverer = new Deliverer(
                name,
                owner,
                store,
                purposes,
                state,
                sink,
                b.clock,
                b.lease,
                b.pollInterval,
                b.batchSize,
                b.maxAttempts,
                b.initialBackoff,
                b.maxBackoff);
    }

    /**
     * A builder for a relay named {@code name}; instances with one name share a checkpoint and a lease.
     *
     * @param name a lowercase slug such as {@code crm} or {@code email-platform}, at most 100 characters
     * @throws InvalidInputException if the name is not such a slug
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The relay's name. */
    public String name() {
        return name;
    }

    /** This instance's lease owner id. */
    public String owner() {
        return owner;
    }

    /**
     * Starts delivering on a daemon thread named {@code consent-relay-<name>}.
     *
     * @return this relay
     * @throws IllegalStateException if it was started before
     */
    public synchronized Relay start() {
        if (thread != null) {
            throw new IllegalStateException("relay " + name + " was already started");
        }
        Thread t = new Thread(deliverer, "consent-relay-" + name);
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /**
     * Stops the thread and gives up the lease. A delivery in flight is interrupted (and then not acknowledged);
     * a store call in flight is waited for, never interrupted.
     */
    @Override
    public void close() {
        stop(false);
        if (!deliverer.abandoned()) {
            try {
                state.release(name, owner);
            } catch (RuntimeException e) {
                LOG.warn("relay {}: could not release the lease; it ends by itself", name, e);
            }
        }
        deliverer.lostLease();
    }

    /** Stops like a crash: no lease release, no checkpoint advance for the message in flight. For tests. */
    void abandon() {
        stop(true);
    }

    private void stop(boolean crash) {
        Thread t;
        synchronized (this) {
            deliverer.stop(crash);
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            // the loop sees the stop at its next step; only a delivery in flight is interrupted, never a store call
            deliverer.interruptDelivery(t);
            try {
                t.join(10_000);
                if (t.isAlive() && deliverer.interruptDelivery(t)) {
                    t.join(10_000);
                }
                if (t.isAlive()) {
                    LOG.warn(
                            "relay {}: its thread has not ended 10 seconds after close; it ends after its current"
                                    + " store call or delivery",
                            name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The relay's lag and this instance's counters; reads the store.
     *
     * @throws dev.consent.StoreUnavailableException if the store failed
     */
    public RelayStatus status() {
        long head = store.headPosition();
        long checkpoint = state.checkpoint(name);
        Duration age = Duration.ZERO;
        if (head > checkpoint) {
            List<ConsentRecord> next = store.readFeed(checkpoint, 1);
            if (!next.isEmpty()) {
                age = Duration.between(next.get(0).recordedAt(), clock.instant());
                age = age.isNegative() ? Duration.ZERO : age;
            }
        }
        return new RelayStatus(
                name,
                head,
                checkpoint,
                Math.max(0, head - checkpoint),
                age,
                deliverer.leaseHeld(),
                deliverer.delivered.get(),
                deliverer.skipped.get(),
                deliverer.failedAttempts.get(),
                deliverer.deadLettered.get(),
                state.deadLetters(name).size());
    }

    /** The relay's dead letters, in position order. */
    public List<DeadLetter> deadLetters() {
        return state.deadLetters(name);
    }

    /**
     * Delivers a dead letter once more, now, on the calling thread, and removes it when the sink acknowledged.
     * The message keeps its key, so a receiver that saw it before deduplicates.
     *
     * @return false if there is no dead letter at {@code position}
     * @throws DeliveryFailedException if the sink failed again; the letter stays
     */
    public boolean redrive(long position) {
        Optional<DeadLetter> letter = state.deadLetters(name).stream()
                .filter(d -> d.position() == position)
                .findFirst();
        if (letter.isEmpty()) {
            return false;
        }
        try {
            sink.deliver(letter.get().message());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailedException("relay " + name + ": re-drive of " + position + " interrupted", e);
        } catch (Exception e) {
            throw new DeliveryFailedException("relay " + name + ": re-drive of " + position + " failed: " + e, e);
        }
        deliverer.delivered.incrementAndGet();
        return state.removeDeadLetter(name, position);
    }

    @Override
    public String toString() {
        return "Relay[" + name + " -> " + sink + "]";
    }

    /** Settings of a {@link Relay}; each may be given once. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final java.util.Set<String> given = new java.util.HashSet<>();
        private @Nullable ConsentStore store;
        private @Nullable PurposeRegistry purposes;
        private @Nullable RelayState state;
        private @Nullable ChangeSink sink;
        private @Nullable String owner;
        private Clock clock = Clock.systemUTC();
        private Duration lease = Duration.ofSeconds(30);
        private Duration pollInterval = Duration.ofMillis(200);
        private int batchSize = 100;
        private int maxAttempts = 10;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);

        private Builder(String name) {
            java.util.Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException("name", name, "must be a lowercase slug of at most 100 characters");
            }
            this.name = name;
        }

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /** The store whose change feed the relay follows; required. */
        public Builder store(ConsentStore store) {
            once("store");
            this.store = java.util.Objects.requireNonNull(store, "store");
            return this;
        }

        /** The registry giving recipients and fingerprint, such as {@code ConsentSystem.purposes()}; required. */
        public Builder purposes(PurposeRegistry purposes) {
            once("purposes");
            this.purposes = java.util.Objects.requireNonNull(purposes, "purposes");
            return this;
        }

        /** Where checkpoint, lease and dead letters live; required. */
        public Builder state(RelayState state) {
            once("state");
            this.state = java.util.Objects.requireNonNull(state, "state");
            return this;
        }

        /** Where messages go; required. Wrap it in {@link ChangeSink#forRecipient} to route. */
        public Builder sink(ChangeSink sink) {
            once("sink");
            this.sink = java.util.Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** This instance's lease owner id; default the process id and a random UUID. */
        public Builder owner(String owner) {
            once("owner");
            java.util.Objects.requireNonNull(owner, "owner");
            if (owner.isBlank() || owner.length() > 255) {
                throw new InvalidInputException("owner", owner, "must be 1 to 255 characters, not blank");
            }
            this.owner = owner;
            return this;
        }

        /** The clock of leases, dead letters and lag; default the system clock. */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a lease lasts without renewal: how soon another instance takes over; default 30 s. */
        public Builder leaseDuration(Duration duration) {
            once("leaseDuration");
            this.lease = positive("leaseDuration", duration);
            return this;
        }

        /** How long to wait when the feed is empty or the lease is held elsewhere; default 200 ms. */
        public Builder pollInterval(Duration interval) {
            once("pollInterval");
            this.pollInterval = positive("pollInterval", interval);
            return this;
        }

        /** How many changes to read from the feed at once; default 100. */
        public Builder batchSize(int size) {
            once("batchSize");
            if (size < 1 || size > 10_000) {
                throw new InvalidInputException("batchSize", size, "must be 1 to 10000");
            }
            this.batchSize = size;
            return this;
        }

        /** Attempts per change before it becomes a dead letter; default 10. */
        public Builder maxAttempts(int attempts) {
            once("maxAttempts");
            if (attempts < 1) {
                throw new InvalidInputException("maxAttempts", attempts, "must be 1 or more");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The first backoff; each next one doubles, up to {@link #maxBackoff}; default 200 ms. */
        public Builder initialBackoff(Duration backoff) {
            once("initialBackoff");
            this.initialBackoff = positive("initialBackoff", backoff);
            return this;
        }

        /** The longest backoff; default 10 s. */
        public Builder maxBackoff(Duration backoff) {
            once("maxBackoff");
            this.maxBackoff = positive("maxBackoff", backoff);
            return this;
        }

        /**
         * The relay, not started.
         *
         * @throws IllegalStateException if store, purposes, state or sink is missing, or the initial backoff
         *     exceeds the maximum
         */
        public Relay build() {
            if (store == null || purposes == null || state == null || sink == null) {
                throw new IllegalStateException("a relay needs store, purposes, state and sink");
            }
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalStateException(
                        "initialBackoff " + initialBackoff + " exceeds maxBackoff " + maxBackoff);
            }
            return new Relay(this, store, purposes, state, sink);
        }

        private static Duration positive(String field, Duration d) {
            java.util.Objects.requireNonNull(d, field);
            if (d.isNegative() || d.isZero()) {
                throw new InvalidInputException(field, d, "must be positive");
            }
            return d;
        }
    }
}
