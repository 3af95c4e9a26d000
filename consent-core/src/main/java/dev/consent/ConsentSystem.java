package dev.consent;

import dev.consent.internal.Components;
import dev.consent.internal.Settings;
import dev.consent.spi.ConsentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: one consent ledger and enforcer over one store. Build it once per application and
 * share it; it is thread-safe. It follows the store's change feed on a thread of its own, so that changes
 * other systems make to a shared store reach its checks (see {@link Builder#feedPollInterval(Duration)}).
 * Closing it stops following the feed and stops listener delivery. It never closes the store: whoever
 * creates a resource closes it, so the application that created the store closes it, after every system
 * over it (several systems may share one store).
 *
 * <pre>{@code
 * try (ConsentStore store = new InMemoryConsentStore();
 *         ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
 *     consent.purposes().define(Purpose.builder("marketing.email")
 *             .title("Marketing e-mail").description("News and offers by e-mail, about once a month.")
 *             .legalBasis(LegalBasis.CONSENT).maxAge(Period.ofMonths(13)).build());
 *     consent.ledger().grant("user-42", "marketing.email", CollectionContext.of(Channel.WEB, "signup_form_v3"));
 *     consent.enforcer().require("user-42", "marketing.email");
 * }
 * }</pre>
 */
public final class ConsentSystem implements AutoCloseable {
    private final Components components;
    private final @Nullable ExecutorService ownedExecutor;
    private final AgeOfConsent ageOfConsent;

    private ConsentSystem(Builder b, ConsentStore store) {
        this.ageOfConsent = b.ageOfConsent;
        java.util.concurrent.Executor executor = b.listenerExecutor;
        if (executor == null) {
            this.ownedExecutor = Executors.newCachedThreadPool(new DaemonThreads());
            executor = ownedExecutor;
        } else {
            this.ownedExecutor = null;
        }
        this.components = new Components(
                store,
                new Settings(
                        b.clock,
                        b.cacheMaximumSize,
                        b.cacheExpireAfterWrite,
                        executor,
                        b.integrityKey,
                        b.futureTolerance,
                        b.conflictRetries,
                        b.outagePolicy,
                        b.feedPollInterval,
                        b.ageOfConsent,
                        b.transactionJoin,
                        b.countDecisions,
                        b.checkpointSigner));
    }

    /** Starts configuring a system. */
    public static Builder builder() {
        return new Builder();
    }

    /** The purpose registry. */
    public PurposeRegistry purposes() {
        return components.registry();
    }

    /** The consent ledger. */
    public ConsentLedger ledger() {
        return components.ledger();
    }

    /** Reports over the whole ledger: the transparency report. */
    public ConsentReports reports() {
        return components.reports();
    }

    /** The enforcer. */
    public Enforcer enforcer() {
        return components.enforcer();
    }

    /** The ages of digital consent and the coming-of-age rule this system decides with (the children rule). */
    public AgeOfConsent ageOfConsent() {
        return ageOfConsent;
    }

    /**
     * Registers a listener told of every change committed through this system, after commit and off the
     * writer's thread.
     *
     * @return the registration; close it to stop deliveries
     */
    public Subscription subscribe(ConsentListener listener) {
        return components.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Drops the cached state of {@code subject}, so its next check reads the store. For changes this
     * system cannot see, or should see sooner than {@link Builder#feedPollInterval(Duration) following the
     * feed} shows them: a write by another process to a shared store, say, when following is off.
     */
    public void invalidate(String subject) {
        components.invalidate(Objects.requireNonNull(subject, "subject"));
    }

    /**
     * How this system follows the store's change feed: whether it does, the last position it applied, and
     * counters of polls, failures and dropped snapshots.
     */
    public FeedStats feedStats() {
        return components.feedStats();
    }

    /**
     * Stops following the change feed (its thread has ended when this returns) and stops listener delivery
     * (waiting briefly for changes in flight; an executor given to {@link Builder#listenerExecutor} is left
     * running). Leaves the store open: the store given to {@link Builder#store(ConsentStore)} belongs to
     * whoever created it, who closes it after every system over it is closed. Other systems over the same
     * store go on working. Idempotent.
     */
    @Override
    public void close() {
        components.close();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
            try {
                ownedExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private static final AtomicInteger COUNT = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "consent-listener-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    /**
     * Configures a {@link ConsentSystem}. Each setting may be given once; a bad value is rejected at once
     * with the value in the message. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable ConsentStore store;
        private Clock clock = Clock.systemUTC();
        private long cacheMaximumSize = 100_000;
        private Duration cacheExpireAfterWrite = Duration.ofMinutes(10);
        private java.util.concurrent.@Nullable Executor listenerExecutor;
        private byte @Nullable [] integrityKey;
        private dev.consent.merkle.@Nullable NoteSigner checkpointSigner;
        private Duration futureTolerance = Duration.ofMinutes(2);
        private int conflictRetries = 8;
        private OutagePolicy outagePolicy = OutagePolicy.SERVE_CACHED;
        private Duration feedPollInterval = Duration.ofSeconds(1);
        private AgeOfConsent ageOfConsent = AgeOfConsent.defaults();
        private dev.consent.spi.TransactionJoin transactionJoin = dev.consent.spi.TransactionJoin.none();
        private boolean countDecisions;
        private final java.util.Set<String> given = new java.util.HashSet<>();

        private Builder() {}

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(setting + " was already set");
            }
        }

        /**
         * The store; required. The system uses the store but does not own it: {@link ConsentSystem#close()}
         * leaves it open, as a library handed a {@code DataSource} leaves that alone. The application that
         * created the store closes it, after closing every system built over it; several systems may share
         * one store.
         */
        public Builder store(ConsentStore store) {
            once("store");
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The clock for record times, expiry and the cache's age bound; defaults to the UTC system clock. */
        public Builder clock(Clock clock) {
            once("clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Most subjects whose snapshots are cached; defaults to 100,000. */
        public Builder cacheMaximumSize(long maximumSize) {
            once("cacheMaximumSize");
            if (maximumSize < 0) {
                throw new InvalidInputException("cacheMaximumSize", maximumSize, "must not be negative");
            }
            this.cacheMaximumSize = maximumSize;
            return this;
        }

        /**
         * The hard bound on the age of a cached snapshot, whatever else happens; defaults to 10 minutes.
         * Writes through this system update the cache at once; this bound matters for changes made
         * elsewhere.
         */
        public Builder cacheExpireAfterWrite(Duration expireAfterWrite) {
            once("cacheExpireAfterWrite");
            Objects.requireNonNull(expireAfterWrite, "expireAfterWrite");
            if (expireAfterWrite.isNegative() || expireAfterWrite.isZero()) {
                throw new InvalidInputException("cacheExpireAfterWrite", expireAfterWrite, "must be positive");
            }
            this.cacheExpireAfterWrite = expireAfterWrite;
            return this;
        }

        /** Runs listener deliveries; by default a pool of daemon threads owned and shut down by the system. */
        public Builder listenerExecutor(java.util.concurrent.Executor executor) {
            once("listenerExecutor");
            this.listenerExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * A secret key kept outside the database; record hashes become HMAC-SHA256 under it, so that
         * someone with write access to the database but not the key cannot forge a record that verifies.
         * The same key must be given every time the ledger is opened.
         *
         * @param key at least 32 bytes; copied
         */
        public Builder integrityKey(byte[] key) {
            once("integrityKey");
            Objects.requireNonNull(key, "key");
            if (key.length < 32) {
                throw new InvalidInputException("integrityKey", key.length + " bytes", "must be at least 32 bytes");
            }
            this.integrityKey = key.clone();
            return this;
        }

        /**
         * The Ed25519 key that signs the ledger's checkpoints ({@link ConsentLedger#checkpoint()}), held by the
         * application outside the database: the signer's name is the checkpoints' origin line, and an auditor
         * keeps its {@link dev.consent.merkle.NoteVerifier verifier key}. See docs/merkle-log.md.
         */
        public Builder checkpointSigner(dev.consent.merkle.NoteSigner signer) {
            once("checkpointSigner");
            this.checkpointSigner = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /** How far in the future a given record time may lie (clock skew); defaults to 2 minutes. */
        public Builder futureTolerance(Duration tolerance) {
            once("futureTolerance");
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative() || tolerance.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException("futureTolerance", tolerance, "must be between 0 and 1 hour");
            }
            this.futureTolerance = tolerance;
            return this;
        }

        /** How often a write that lost a race for its subject is retried; defaults to 8. */
        public Builder conflictRetries(int retries) {
            once("conflictRetries");
            if (retries < 0 || retries > 1000) {
                throw new InvalidInputException("conflictRetries", retries, "must be between 0 and 1000");
            }
            this.conflictRetries = retries;
            return this;
        }

        /** What cached checks do while the store fails; defaults to {@link OutagePolicy#SERVE_CACHED}. */
        public Builder outagePolicy(OutagePolicy policy) {
            once("outagePolicy");
            this.outagePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How often the system polls the store's change feed to drop the cached snapshots of subjects that
         * other systems over the same store changed; defaults to 1 second. {@link Duration#ZERO} turns
         * following off, for a store that no one else writes to.
         *
         * <p>The staleness bound: a change committed by another system reaches this system's checks at most
         * one poll interval plus the longest poll ({@link FeedStats#longestPollNanos()}: the head position,
         * the new records, the purposes, timed from when the poll was due) plus the check's own reload after it
         * commits, while polls take less than the interval (they run at a fixed rate and read the ledger before
         * the purposes); twice the longest poll when they do not. docs/reliability.md has the measured figures. Should the feed stall or fail, {@link #cacheExpireAfterWrite(Duration)}
         * stays the hard bound; failed polls are retried at every interval and counted in
         * {@link ConsentSystem#feedStats()}. Following starts at the store's head when the system is built
         * and takes one daemon thread, {@code consent-feed-N}, until {@link ConsentSystem#close()}.
         * Each poll also rereads the purpose definitions and the registry's events (small reads), so that
         * versions, material changes, retirements and invalidations of grants made through another system reach
         * this system's checks within the same bound;
         * unchanged definitions leave every cached snapshot as it is. With following off, definitions made
         * elsewhere are seen when an unknown purpose id makes the system reload them, and a new version of a
         * known purpose only once the system reloads for another reason.
         *
         * @throws InvalidInputException if {@code interval} is negative, below 1 ms but not zero, or over 1 hour
         */
        public Builder feedPollInterval(Duration interval) {
            once("feedPollInterval");
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()
                    || (!interval.isZero() && interval.compareTo(Duration.ofMillis(1)) < 0)
                    || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new InvalidInputException(
                        "feedPollInterval", interval, "must be zero (not following) or between 1 ms and 1 hour");
            }
            this.feedPollInterval = interval;
            return this;
        }

        /**
         * The ages of digital consent per jurisdiction and what a guardian's consent becomes when the subject
         * comes of age (the children rule, see {@link AgeOfConsent}); defaults to {@link AgeOfConsent#defaults()}.
         */
        public Builder ageOfConsent(AgeOfConsent ages) {
            once("ageOfConsent");
            this.ageOfConsent = Objects.requireNonNull(ages, "ages");
            return this;
        }

        /**
         * Lets the writes that record an interaction through {@link ConsentSystem#ledger()} ({@code record},
         * {@code grant}, {@code deny}, {@code withdraw}, {@code object}, {@code withdrawObjection} and the
         * group writes) join the transaction the calling thread is in (see
         * {@link dev.consent.spi.TransactionJoin}); by default they never do, and run in transactions of their
         * own. The Spring integration sets this, so that a consent write in a Spring-managed transaction
         * commits or rolls back with it. Erasure, links, age statements and opt-out signals never join.
         */
        public Builder transactionJoin(dev.consent.spi.TransactionJoin join) {
            once("transactionJoin");
            this.transactionJoin = Objects.requireNonNull(join, "join");
            return this;
        }

        /**
         * Makes the enforcer count every decision for processing now by its reason, and the checks a cached
         * snapshot answered, in {@link Enforcer#stats()} (for metrics: decisions by reason, cache hit rate). Each
         * check then pays one striped counter increment ({@link java.util.concurrent.atomic.LongAdder}): no
         * allocation and no lock, but a write to memory shared between threads. Off by default, so that a cached
         * check writes nothing shared; cache misses, outage and unknown-purpose denials are counted either way.
         */
        public Builder countDecisions() {
            once("countDecisions");
            this.countDecisions = true;
            return this;
        }

        /**
         * Builds the system and loads the purpose definitions from the store.
         *
         * @throws IllegalStateException if no store was given
         * @throws StoreUnavailableException if the store failed
         */
        public ConsentSystem build() {
            if (store == null) {
                throw new IllegalStateException("store is required: call store(...) before build()");
            }
            return new ConsentSystem(this, store);
        }
    }
}
