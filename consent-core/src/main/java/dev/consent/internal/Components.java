package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.consent.ConsentLedger;
import dev.consent.ConsentListener;
import dev.consent.Enforcer;
import dev.consent.PurposeRegistry;
import dev.consent.Subscription;
import dev.consent.spi.ConsentStore;
import java.time.Clock;

/** Wires the registry, cache, ledger and enforcer of one system. Not API. */
public final class Components {
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final DefaultLedger ledger;
    private final DefaultEnforcer enforcer;
    private final ListenerHub listeners;

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
        this.enforcer = new DefaultEnforcer(registry, cache, store, clock, health);
    }

    /** The registry. */
    public PurposeRegistry registry() {
        return registry;
    }

    /** The ledger. */
    public ConsentLedger ledger() {
        return ledger;
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
