package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.util.List;
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
 *   <li>{@code expireAfterWrite} bounds the age of every entry, whatever else happens.
 * </ul>
 */
final class SnapshotCache {
    private final Cache<String, Snapshot> cache;
    private final ConsentStore store;
    private final DefaultPurposeRegistry registry;
    private final Function<String, Snapshot> loader;
    private final java.util.concurrent.atomic.LongAdder loads = new java.util.concurrent.atomic.LongAdder();

    SnapshotCache(ConsentStore store, DefaultPurposeRegistry registry, long maximumSize, Duration expireAfterWrite,
            Ticker ticker) {
        this.store = store;
        this.registry = registry;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(expireAfterWrite)
                .ticker(ticker)
                .build();
        this.loader = this::load;
    }

    /** The cached snapshot, or null. Hot path: no allocation. */
    @Nullable Snapshot getIfPresent(String subject) {
        return cache.getIfPresent(subject);
    }

    /** The cached snapshot for the current registry generation, loading it atomically if absent or stale. */
    Snapshot get(String subject, DefaultPurposeRegistry.View view) {
        Snapshot s = cache.get(subject, loader);
        if (s.generation != view.generation) {
            s = cache.asMap().compute(subject, (k, old) -> refreshed(k, old, 0));
        }
        return s;
    }

    /** A snapshot containing at least every record up to {@code position}; reloads atomically when older. */
    Snapshot getAtLeast(String subject, long position) {
        Snapshot s = cache.getIfPresent(subject);
        if (s != null && s.asOfPosition >= position && s.generation == registry.view().generation) {
            return s;
        }
        return cache.asMap().compute(subject, (k, old) -> refreshed(k, old, position));
    }

    /** A snapshot read from the store now; the cache is neither read nor written. */
    Snapshot loadUncached(String subject) {
        loads.increment();
        return Snapshot.of(store.loadHead(subject), registry.view());
    }

    /**
     * Applies committed records of one subject to its entry, if present (see the class comment).
     *
     * <p>Uses {@code compute}, not {@code computeIfPresent}: Caffeine's {@code computeIfPresent} first
     * looks the key up without locking and returns at once when it sees no entry, which is what it sees
     * while a load of the subject is in flight. The load, begun before the write committed, would then
     * insert its stale snapshot after the write returned. {@code compute} waits for the load in flight
     * and applies the write on top of what it loaded.
     */
    void applyWrite(String subject, List<ConsentRecord> appended) {
        cache.asMap().compute(subject, (k, old) -> old == null ? null : old.apply(appended, registry.view()));
    }

    /** Drops the subject's entry. */
    void invalidate(String subject) {
        cache.invalidate(subject);
    }

    /** Drops every entry. */
    void invalidateAll() {
        cache.invalidateAll();
    }

    long size() {
        return cache.estimatedSize();
    }

    private Snapshot refreshed(String subject, @Nullable Snapshot old, long position) {
        DefaultPurposeRegistry.View view = registry.view();
        if (old != null && old.asOfPosition >= position) {
            return old.generation == view.generation ? old : old.rebuild(view);
        }
        return load(subject);
    }

    /** How many times a subject was loaded from the store for the cache or for an uncached check. */
    long loads() {
        return loads.sum();
    }

    private Snapshot load(String subject) {
        loads.increment();
        return Snapshot.of(store.loadHead(subject), registry.view());
    }
}
