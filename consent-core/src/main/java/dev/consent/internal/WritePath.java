package dev.consent.internal;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentChange;
import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.StoreUnavailableException;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One write of the ledger through {@link ConsentStore#appendBuilt}: the store reads the subject's state (or
 * takes the cached one), calls the record builder on it and appends, in one step of its own (one transaction
 * for the JDBC store, shared with concurrent writes). Afterwards the cache learns of the records and the
 * listeners get them in commit order, as for every write. Thread-safe.
 */
final class WritePath {
    private final ConsentStore store;
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    private final StoreHealth health;
    private final int conflictRetries;

    WritePath(ConsentStore store, DefaultPurposeRegistry registry, SnapshotCache cache, CommitOrder commits,
            StoreHealth health, int conflictRetries) {
        this.store = store;
        this.registry = registry;
        this.cache = cache;
        this.commits = commits;
        this.health = health;
        this.conflictRetries = conflictRetries;
    }

    /** What the last call of the builder saw and decided; read after the store returned. */
    private static final class Built {
        @Nullable RuntimeException failure;
        @Nullable Error error;
        boolean replay;
        long asOfPosition;
    }

    /**
     * Builds records on the subject's state and appends them, retrying on a lost race. {@code build} returns
     * null when there is nothing to write because the write already happened, and an empty list when there is
     * nothing to write at all (an empty result); what it throws reaches the caller unchanged.
     *
     * @return the result, or null when the interaction is already recorded: the caller replays it
     */
    @Nullable WriteResult write(String subject, String interactionId,
            Function<Snapshot, @Nullable List<RecordFactory.Prepared>> build) {
        for (int attempt = 0; ; attempt++) {
            Snapshot cached = attempt == 0 ? cache.getIfPresent(subject) : null;
            CurrentState known = cached == null ? null
                    : new CurrentState(subject, cached.records(), cached.asOfPosition);
            long clockFreeAfter = cache.clockFreeAfter();
            Built built = new Built();
            Function<CurrentState, @Nullable SubjectAppend> builder = state -> {
                built.failure = null;
                built.error = null;
                try {
                    Snapshot head = state == known && cached != null ? cached
                            : Snapshot.of(state, registry.view(), clockFreeAfter);
                    built.asOfPosition = head.asOfPosition;
                    List<RecordFactory.Prepared> prepared = build.apply(head);
                    built.replay = prepared == null;
                    return prepared == null || prepared.isEmpty() ? null
                            : RecordFactory.append(subject, interactionId, head.sequence(), prepared);
                } catch (RuntimeException e) {
                    built.failure = e;
                    throw e;
                } catch (Error e) {
                    built.error = e;
                    throw e;
                }
            };
            @Nullable List<ConsentRecord> stored = null;
            boolean nothing = false;
            long ticket = commits.begin();
            try {
                stored = store.appendBuilt(subject, interactionId, known, builder);
                nothing = stored.isEmpty();
            } catch (RuntimeException e) {
                if (e == built.failure) {
                    nothing = true; // the builder rejected the write: nothing was appended, the cache stays
                    throw e;
                }
                if (e instanceof ConcurrentUpdateException conflict) {
                    cache.invalidate(subject);
                    if (attempt >= conflictRetries) {
                        throw conflict;
                    }
                    continue;
                }
                if (e instanceof DuplicateInteractionException) {
                    return null;
                }
                if (e instanceof StoreUnavailableException) {
                    health.failed();
                    throw e;
                }
                if (e instanceof ConsentException) {
                    throw e;
                }
                health.failed();
                throw new StoreUnavailableException("could not append interaction " + Checks.describe(interactionId)
                        + "; retrying with the same interaction id is safe", e);
            } catch (Error e) {
                nothing = e == built.error;
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
                if (built.replay) {
                    return null;
                }
                return new WriteResult(subject, interactionId, List.of(), built.asOfPosition, false);
            }
            health.succeeded();
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
}
