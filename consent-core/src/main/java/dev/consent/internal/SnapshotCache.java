package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.consent.ComingOfAge;
import dev.consent.ConsentRecord;
import dev.consent.spi.CurrentState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The per-subject snapshot cache and the rules that keep it fresh.
 *
 * <ul>
 *   <li>Loads happen only inside Caffeine's atomic compute for the subject, so a load and a write's
 *       update of the same subject never interleave: whichever runs second sees the other's result.
 *   <li>A write only ever changes an entry that is present: it extends it when the entry ends exactly
 *       where the write began, keeps it when it already holds the write, and drops it otherwise. It never
 *       inserts a snapshot read before the write, so no stale state can reappear after eviction.
 *   <li>Bulk and fully consistent reads never write to the cache.
 *   <li>A snapshot answers a check only while it is current: built under the registry's current
 *       definitions (its generation). This class alone decides that ({@link #getIfCurrent}, {@link #get},
 *       {@link #getAtLeast}); a snapshot of other definitions is reloaded from the store.
 *   <li>Loads reach the store through {@link GuardedStore}, which translates a failure and records it as
 *       an outage; the failure reaches the caller as it is.
 *   <li>{@code expireAfterWrite} bounds the age of every entry. Caffeine restarts that bound whenever a
 *       compute returns a value, even the one it found, so computes here only ever return a snapshot
 *       read from the store (or extended by an append) just now, or one another thread loaded moments
 *       before: a snapshot is never handed back to the cache long after its state was read. A write that
 *       finds its records already in the entry drops the entry rather than handing it back.
 * </ul>
 */
final class SnapshotCache {
    /**
     * Margin for the clock-free expiry check: a grant that expires later than this after the end of its
     * snapshot's life in the cache cannot expire while the snapshot is cached, so checks skip the clock.
     * It covers differences between the cache's monotonic ticker and the wall clock (such as a step of the
     * system clock); one hour is far beyond any real step.
     */
    static final long CLOCK_FREE_MARGIN_MILLIS = Duration.ofHours(1).toMillis();

    private final Cache<String, Snapshot> cache;
    private final GuardedStore store;
    private final DefaultPurposeRegistry registry;
    private final Clock clock;
    private final long boundMillis;
    private final Function<String, Snapshot> loader;
    private final LongAdder loads = new LongAdder();
    private final ComingOfAge rule;

    SnapshotCache(
            GuardedStore store,
            DefaultPurposeRegistry registry,
            long maximumSize,
            Duration expireAfterWrite,
            Ticker ticker,
            Clock clock,
            ComingOfAge rule) {
        this.rule = rule;
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.boundMillis = expireAfterWrite.toMillis();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(expireAfterWrite)
                .ticker(ticker)
                .build();
        this.loader = this::load;
    }

    /**
     * The cached snapshot, or null, whatever definitions it was built under: for a write, which builds on
     * the subject's records and not on the decisions. Checks ask {@link #getIfCurrent}.
     */
    @Nullable
    Snapshot getIfPresent(String subject) {
        return cache.getIfPresent(subject);
    }

    /**
     * The cached snapshot if it is current (built under the registry's current definitions), or null. The
     * one place that decides whether a cached snapshot may answer a check. Hot path: no allocation, no lock.
     */
    @Nullable
    Snapshot getIfCurrent(String subject) {
        Snapshot s = cache.getIfPresent(subject);
        return s != null && current(s) ? s : null;
    }

    /** The current snapshot, loading it atomically if absent or built under other definitions. */
    Snapshot get(String subject) {
        Snapshot s = cache.get(subject, loader);
        if (!current(s)) {
            s = cache.asMap().compute(subject, (k, old) -> refreshed(k, old, 0));
        }
        return s;
    }

    /**
     * A current snapshot containing at least every record up to {@code position}; reloads atomically when
     * older.
     */
    Snapshot getAtLeast(String subject, long position) {
        Snapshot s = cache.getIfPresent(subject);
        if (s != null && s.asOfPosition >= position && current(s)) {
            return s;
        }
        return cache.asMap().compute(subject, (k, old) -> refreshed(k, old, position));
    }

    /**
     * A snapshot of a state the store read (for a write, under its lock), built under the current definitions;
     * the cache is neither read nor written.
     */
    Snapshot of(CurrentState state, long clockFreeAfter) {
        return Snapshot.of(state, registry.view(), clockFreeAfter, rule);
    }

    /** What a guardian's grant becomes when the subject comes of age, for every snapshot of this cache. */
    ComingOfAge comingOfAge() {
        return rule;
    }

    /** A snapshot read from the store now, current by construction; the cache is neither read nor written. */
    Snapshot loadUncached(String subject) {
        return load(subject);
    }

    /** Whether {@code s} was built under the registry's current definitions. One volatile read. */
    private boolean current(Snapshot s) {
        return s.generation == registry.view().generation;
    }

    /**
     * For a snapshot whose state is known complete from now on (read it just before the store read or the
     * append): grants expiring after the returned wall-clock instant cannot expire while it is cached.
     */
    long clockFreeAfter() {
        long now = clock.millis();
        if (boundMillis >= Long.MAX_VALUE / 4 || now >= Long.MAX_VALUE / 4) {
            return Long.MAX_VALUE; // a bound this large never makes a grant clock-free
        }
        return now + boundMillis + CLOCK_FREE_MARGIN_MILLIS;
    }

    /**
     * Applies committed records of one subject to its entry, if present (see the class comment).
     *
     * <p>Uses {@code compute}, not {@code computeIfPresent}: Caffeine's {@code computeIfPresent} first
     * looks the key up without locking and returns at once when it sees no entry, which is what it sees
     * while a load of the subject is in flight. The load, begun before the write committed, would then
     * insert its stale snapshot after the write returned. {@code compute} waits for the load in flight
     * and applies the write on top of what it loaded.
     *
     * @param clockFreeAfter {@link #clockFreeAfter()} read before the append began
     */
    void applyWrite(String subject, List<ConsentRecord> appended, long clockFreeAfter) {
        cache.asMap()
                .compute(
                        subject, (k, old) -> old == null ? null : old.apply(appended, registry.view(), clockFreeAfter));
    }

    /**
     * Drops the subject's entry unless it already reflects every record of the subject up to
     * {@code position}: for a change committed elsewhere, seen on the store's change feed.
     *
     * <p>An entry fresh enough (usually one this system's own write updated) is read quietly and left
     * alone, neither touched nor counted for eviction. Otherwise the entry is dropped with {@code compute},
     * for the reason given at {@link #applyWrite}: a load in flight is invisible to a plain lookup and may
     * have read the store before the change committed; {@code compute} waits for it and drops what it
     * loaded. A load that begins after this call reads the change, since the feed shows only committed
     * records.
     *
     * <p>The compute keeps an entry that does reflect the record: one loaded (or updated by a write) after
     * the quiet read, moments ago, so handing it back restarts its age bound by no more than that (see the
     * class comment), and a load that raced the follower is not wasted.
     *
     * @param position the position of a record of {@code subject}
     * @return whether an entry was dropped
     */
    boolean dropIfOlderThan(String subject, long position) {
        Snapshot s = cache.policy().getIfPresentQuietly(subject);
        if (s != null && s.asOfPosition >= position) {
            return false;
        }
        boolean[] dropped = new boolean[1];
        cache.asMap().compute(subject, (k, old) -> {
            if (old != null && old.asOfPosition >= position) {
                return old;
            }
            dropped[0] = old != null;
            return null;
        });
        return dropped[0];
    }

    /**
     * Drops the subject's entry after a change committed outside this cache's write path (in a caller's
     * transaction), so that no snapshot read before the commit survives it. Uses {@code compute}, for the
     * reason given at {@link #applyWrite}: a load of the subject in flight, which may have read the state
     * before the commit, is waited for and its result dropped, where {@link #invalidate} (or
     * {@code computeIfPresent}) would let it insert its snapshot after the drop. A load that begins after
     * this returns reads the committed state.
     */
    void dropAfterCommit(String subject) {
        cache.asMap().compute(subject, (k, old) -> null);
    }

    /** Drops the subject's entry. */
    void invalidate(String subject) {
        cache.invalidate(subject);
    }

    /** Drops every entry. */
    void invalidateAll() {
        cache.invalidateAll();
    }

    /** How many times a subject was loaded from the store for the cache or for an uncached check. */
    long loads() {
        return loads.sum();
    }

    /**
     * The entry for a compute that wants a snapshot at least as fresh as {@code position} under the
     * current definitions. A snapshot of other definitions is reloaded, not rebuilt: handing a new value
     * built from old records to Caffeine would restart its age bound.
     */
    private Snapshot refreshed(String subject, @Nullable Snapshot old, long position) {
        if (old != null && old.asOfPosition >= position && current(old)) {
            return old;
        }
        return load(subject);
    }

    private Snapshot load(String subject) {
        loads.increment();
        long clockFreeAfter = clockFreeAfter();
        return Snapshot.of(store.loadCurrentState(subject), registry.view(), clockFreeAfter, rule);
    }
}
