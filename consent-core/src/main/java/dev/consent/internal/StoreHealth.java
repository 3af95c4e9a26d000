package dev.consent.internal;

import dev.consent.OutagePolicy;
import dev.consent.spi.ConsentStore;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the store was last seen failing, and what that means for cached checks under the
 * {@link OutagePolicy}. Kept by {@link GuardedStore}, which alone reports failed and successful store
 * calls here; its probe of a failing store reaches the store directly. The hot path reads one volatile
 * flag; everything else happens only during an outage.
 */
final class StoreHealth {
    /** Least time between two probes of a failing store. */
    static final long PROBE_INTERVAL_MILLIS = 1_000;

    private final OutagePolicy policy;
    private final ConsentStore store;
    private final Clock clock;
    private final AtomicLong lastProbe = new AtomicLong(Long.MIN_VALUE / 2);
    /** True from a failed store call until a successful one. */
    volatile boolean down;

    StoreHealth(OutagePolicy policy, ConsentStore store, Clock clock) {
        this.policy = policy;
        this.store = store;
        this.clock = clock;
    }

    /** A store call failed: the outage starts (or goes on), and the next probe waits a full interval. */
    void failed() {
        lastProbe.set(clock.millis());
        if (!down) {
            down = true;
        }
    }

    /** A store call succeeded: the outage, if any, is over. */
    void succeeded() {
        if (down) {
            down = false;
        }
    }

    /**
     * Whether a check answered from the cache must deny because the store is down. Under
     * {@link OutagePolicy#DENY_ALL} a failing store is probed at most once per interval, on the checking
     * thread; a successful probe ends the outage.
     */
    boolean denyCached() {
        if (!down || policy != OutagePolicy.DENY_ALL) {
            return false;
        }
        long now = clock.millis();
        long last = lastProbe.get();
        if (now - last >= PROBE_INTERVAL_MILLIS && lastProbe.compareAndSet(last, now)) {
            try {
                store.headPosition();
                down = false;
                return false;
            } catch (RuntimeException e) {
                return true;
            }
        }
        return true;
    }
}
