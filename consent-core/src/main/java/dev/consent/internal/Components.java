package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.consent.ConsentLedger;
import dev.consent.ConsentListener;
import dev.consent.ConsentReports;
import dev.consent.Enforcer;
import dev.consent.FeedStats;
import dev.consent.PurposeRegistry;
import dev.consent.Subscription;
import dev.consent.spi.ConsentStore;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Wires the registry, cache, ledger, enforcer and feed follower of one system. Not API. Closing it stops
 * following the store's change feed; the store and the listener executor are the caller's to close.
 */
public final class Components implements AutoCloseable {
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final DefaultLedger ledger;
    private final DefaultEnforcer enforcer;
    private final DefaultReports reports;
    private final ListenerHub listeners;
    private final @Nullable FeedFollower follower;

    /**
     * @param store the store
     * @param settings the validated settings
     */
    public Components(ConsentStore store, Settings settings) {
        Clock clock = settings.clock();
        StoreHealth health = new StoreHealth(settings.outagePolicy(), store, clock);
        this.registry = new DefaultPurposeRegistry(store, clock);
        this.cache = new SnapshotCache(store, registry, settings.cacheMaximumSize(), settings.expireAfterWrite(),
                tickerOf(clock), clock);
        this.listeners = new ListenerHub(settings.listenerExecutor());
        this.ledger = new DefaultLedger(store, registry, cache, new CommitOrder(listeners),
                new RecordHasher(settings.integrityKey()), clock, settings.futureTolerance(), settings.conflictRetries(),
                health);
        this.reports = new DefaultReports(store, registry);
        this.enforcer = new DefaultEnforcer(registry, cache, store, clock, health);
        this.follower = settings.feedPollInterval().isZero()
                ? null : new FeedFollower(store, registry, cache, health, settings.feedPollInterval());
    }

    /** The registry. */
    public PurposeRegistry registry() {
        return registry;
    }

    /** The ledger. */
    public ConsentLedger ledger() {
        return ledger;
    }

    /** The reports. */
    public ConsentReports reports() {
        return reports;
    }

    /** The enforcer. */
    public Enforcer enforcer() {
        return enforcer;
    }

    /** Registers a listener. */
    public Subscription subscribe(ConsentListener listener) {
        return listeners.subscribe(listener);
    }

    /** Drops the cached snapshot of {@code subject}, for changes made elsewhere. */
    public void invalidate(String subject) {
        cache.invalidate(subject);
    }

    /** Drops every cached snapshot. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** How the system follows the store's change feed. */
    public FeedStats feedStats() {
        FeedFollower f = follower;
        return f == null ? new FeedStats(false, 0, 0, 0, 0, 0) : f.stats();
    }

    /** Stops following the store's change feed, waiting for a poll in flight. Idempotent. */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }

    /**
     * The cache's time source. The system clock maps to Caffeine's monotonic ticker; any other clock (a
     * fixed or test clock) drives the cache's expiry too, so tests can move time without sleeping.
     */
    private static Ticker tickerOf(Clock clock) {
        if (clock.getClass() == Clock.systemUTC().getClass()) {
            return Ticker.systemTicker();
        }
        return () -> clock.millis() * 1_000_000L;
    }
}
