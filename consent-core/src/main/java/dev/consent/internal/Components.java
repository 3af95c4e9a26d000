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
import dev.consent.spi.RecordHasher;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Wires the registry, cache, ledger, enforcer and feed follower of one system, each reaching the store
 * through one {@link GuardedStore}. Not API. Closing it stops following the store's change feed; the store
 * and the listener executor are the caller's to close.
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
        Ticker ticker = tickerOf(clock);
        GuardedStore guarded = new GuardedStore(store, settings.outagePolicy(), clock);
        this.registry = new DefaultPurposeRegistry(guarded, clock);
        this.cache = new SnapshotCache(
                guarded,
                registry,
                settings.cacheMaximumSize(),
                settings.expireAfterWrite(),
                ticker,
                clock,
                settings.ageOfConsent().comingOfAge());
        this.listeners = new ListenerHub(settings.listenerExecutor());
        this.ledger = new DefaultLedger(
                guarded,
                registry,
                cache,
                new CommitOrder(listeners),
                new RecordHasher(settings.integrityKey()),
                clock,
                settings.futureTolerance(),
                settings.conflictRetries(),
                settings.ageOfConsent(),
                settings.transactionJoin(),
                settings.checkpointSigner());
        this.reports =
                new DefaultReports(guarded, registry, settings.ageOfConsent().comingOfAge());
        this.enforcer = new DefaultEnforcer(registry, cache, guarded, clock, ticker, settings.countDecisions());
        this.follower = settings.feedPollInterval().isZero()
                ? null
                : new FeedFollower(guarded, registry, cache, settings.feedPollInterval());
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
        return f == null ? new FeedStats(false, 0, 0, 0, 0, 0, 0, 0) : f.stats();
    }

    /** Stops following the store's change feed, waiting for a poll in flight. Idempotent. */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
    }

    /**
     * The time source of the cache and of the unknown-purpose log's interval. The system clock maps to
     * Caffeine's monotonic ticker; any other clock (a fixed or test clock) drives them too, so tests can
     * move time without sleeping.
     */
    private static Ticker tickerOf(Clock clock) {
        if (clock.getClass() == Clock.systemUTC().getClass()) {
            return Ticker.systemTicker();
        }
        return () -> clock.millis() * 1_000_000L;
    }
}
