package dev.consent.internal;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.WriteResult;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one write path of the ledger outside a caller's transaction: builds records on the subject's current
 * state, appends them, updates the cache before returning (read your writes) and hands the change to
 * {@link CommitOrder} for the listeners. A lost race for the subject is retried on a fresh read; a
 * duplicate interaction (a retry after an unknown outcome) is answered with the records stored the first
 * time. Store failures arrive translated, and recorded as an outage, by {@link GuardedStore}. Thread-safe.
 */
final class SubjectWriter {
    private final GuardedStore store;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    private final int conflictRetries;

    SubjectWriter(GuardedStore store, SnapshotCache cache, CommitOrder commits, int conflictRetries) {
        this.store = store;
        this.cache = cache;
        this.commits = commits;
        this.conflictRetries = conflictRetries;
    }

    /**
     * Builds records on the subject's current state and appends them, retrying on a lost race. {@code build}
     * returns null when there is nothing to write because the write already happened (the records stored
     * then are returned), and an empty list when there is nothing to write at all (an empty result).
     */
    WriteResult write(String subject, String interactionId,
            Function<Snapshot, @Nullable List<RecordFactory.Prepared>> build) {
        for (int attempt = 0; ; attempt++) {
            Snapshot current = attempt == 0 ? cachedOrLoaded(subject) : cache.loadUncached(subject);
            List<RecordFactory.Prepared> prepared = build.apply(current);
            if (prepared == null) {
                return replay(subject, interactionId);
            }
            if (prepared.isEmpty()) {
                return new WriteResult(subject, interactionId, List.of(), current.asOfPosition, false);
            }
            SubjectAppend append = RecordFactory.append(subject, interactionId, current.sequence(), prepared);
            @Nullable List<ConsentRecord> stored = null;
            long clockFreeAfter = cache.clockFreeAfter();
            long ticket = commits.begin();
            try {
                stored = store.append(List.of(append));
            } catch (ConcurrentUpdateException e) {
                cache.invalidate(subject);
                if (attempt >= conflictRetries) {
                    throw e;
                }
                continue;
            } catch (DuplicateInteractionException e) {
                return replay(subject, interactionId);
            } finally {
                if (stored == null) {
                    // The outcome may be unknown (committed, then the connection was lost): drop the entry.
                    cache.invalidate(subject);
                    commits.end(ticket, null);
                }
            }
            long position = stored.get(stored.size() - 1).position();
            try {
                cache.applyWrite(subject, stored, clockFreeAfter);
            } finally {
                commits.end(ticket, new ConsentChange(subject, interactionId, stored, position));
            }
            return new WriteResult(subject, interactionId, stored, position, false);
        }
    }

    /** The records stored for the interaction as a replayed result, or null if it was never recorded. */
    @Nullable WriteResult recorded(String subject, String interactionId) {
        return Replays.replayed(store.readSubject(subject), subject, interactionId);
    }

    private Snapshot cachedOrLoaded(String subject) {
        Snapshot s = cache.getIfPresent(subject);
        return s != null ? s : cache.loadUncached(subject);
    }

    private WriteResult replay(String subject, String interactionId) {
        cache.invalidate(subject); // the earlier attempt may have committed without updating the cache
        WriteResult earlier = recorded(subject, interactionId);
        if (earlier == null) {
            throw Replays.missing(interactionId, null);
        }
        return earlier;
    }
}
