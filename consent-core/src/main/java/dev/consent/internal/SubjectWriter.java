package dev.consent.internal;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one write path of the ledger outside a caller's transaction, through {@link ConsentStore#appendBuilt}:
 * the store reads the subject's current state (or takes the cached one), calls the record builder on it and
 * appends, in one step of its own (one transaction for the JDBC store, shared with concurrent writes). Then
 * the cache learns of the records before this returns (read your writes) and {@link CommitOrder} hands the
 * change to the listeners. A lost race for the subject is retried on a fresh read; a duplicate interaction (a
 * retry after an unknown outcome) is answered with the records stored the first time; what the builder throws
 * (invalid input) reaches the caller unchanged and leaves the cache as it is. Store failures arrive translated,
 * and recorded as an outage, by {@link GuardedStore}. Thread-safe.
 */
final class SubjectWriter {
    private final GuardedStore store;
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    private final int conflictRetries;

    SubjectWriter(
            GuardedStore store,
            DefaultPurposeRegistry registry,
            SnapshotCache cache,
            CommitOrder commits,
            int conflictRetries) {
        this.store = store;
        this.registry = registry;
        this.cache = cache;
        this.commits = commits;
        this.conflictRetries = conflictRetries;
    }

    /** What the last call of the builder saw and decided; read after the store returned. */
    private static final class Built {
        @Nullable
        Throwable thrown;

        boolean replay;
        long asOfPosition;
    }

    /**
     * Builds records on the subject's current state and appends them, retrying on a lost race. {@code build}
     * returns null when there is nothing to write because the write already happened (the records stored
     * then are returned), and an empty list when there is nothing to write at all (an empty result).
     */
    WriteResult write(
            String subject, String interactionId, Function<Snapshot, @Nullable List<RecordFactory.Prepared>> build) {
        for (int attempt = 0; ; attempt++) {
            Snapshot cached = attempt == 0 ? cache.getIfPresent(subject) : null;
            CurrentState known =
                    cached == null ? null : new CurrentState(subject, cached.records(), cached.asOfPosition);
            long clockFreeAfter = cache.clockFreeAfter();
            Built built = new Built();
            Function<CurrentState, @Nullable SubjectAppend> builder = state -> {
                built.thrown = null;
                try {
                    Snapshot current = state == known && cached != null ? cached : cache.of(state, clockFreeAfter);
                    built.asOfPosition = current.asOfPosition;
                    List<RecordFactory.Prepared> prepared = build.apply(current);
                    built.replay = prepared == null;
                    return prepared == null || prepared.isEmpty()
                            ? null
                            : RecordFactory.append(subject, interactionId, current.sequence(), prepared);
                } catch (RuntimeException | Error e) {
                    built.thrown = e;
                    throw e;
                }
            };
            @Nullable List<ConsentRecord> stored = null;
            boolean nothing = false;
            long ticket = commits.begin();
            try {
                stored = store.appendBuilt(subject, interactionId, known, builder);
                nothing = stored.isEmpty();
            } catch (ConcurrentUpdateException e) {
                cache.invalidate(subject);
                if (attempt >= conflictRetries) {
                    throw e;
                }
                continue;
            } catch (DuplicateInteractionException e) {
                return replay(subject, interactionId);
            } catch (RuntimeException | Error e) {
                // the builder rejected the write: nothing was appended, the cache stays
                nothing = e == built.thrown;
                throw e;
            } finally {
                if (stored == null || nothing) {
                    if (!nothing) {
                        // The outcome may be unknown (committed, then the connection was lost): drop the entry.
                        cache.invalidate(subject);
                    }
                    commits.end(ticket, null);
                }
            }
            if (nothing) {
                return built.replay
                        ? replay(subject, interactionId)
                        : new WriteResult(subject, interactionId, List.of(), built.asOfPosition, false);
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

    /**
     * Reloads the registry now if the interaction names a purpose, version or group it does not know, as the
     * record builder would: a store may call the builder while it holds a connection and the ledger's lock,
     * where a reload would wait for a second connection.
     */
    void preload(Interaction interaction) {
        for (Interaction.Item item : interaction.items()) {
            var current = registry.find(item.purposeId());
            if (current.isEmpty() || item.version() > current.get().version()) {
                registry.reload();
                return;
            }
        }
        for (Interaction.GroupItem group : interaction.groups()) {
            boolean any = false;
            for (Purpose p : registry.group(group.group())) {
                any |= !p.retired() && p.legalBasis() == LegalBasis.CONSENT;
            }
            if (!any) {
                registry.reload();
                return;
            }
        }
    }

    /** The records stored for the interaction as a replayed result, or null if it was never recorded. */
    @Nullable
    WriteResult recorded(String subject, String interactionId) {
        return Replays.replayed(store.readSubject(subject), subject, interactionId);
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
