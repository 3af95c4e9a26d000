package dev.consent.internal;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.TransactionalLedger;
import dev.consent.WriteResult;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's writes inside a caller's transaction. See {@link TransactionalLedger} for the contract.
 *
 * <p>Every read and append goes through the transaction; the cache and the listeners are touched only by
 * one after-commit action, registered before the first append. It drops the snapshots of the subjects
 * written ({@link SnapshotCache#dropAfterCommit}, which waits for a load in flight, so no snapshot read
 * before the commit survives it) and then hands the changes to the listeners through {@link CommitOrder},
 * whose executor delivers them off the committing thread. A rollback never runs it and leaves nothing
 * behind. Nothing here retries: a conflict is the caller's to handle by retrying its transaction. A
 * failure inside the caller's transaction is translated ({@link GuardedStore#translated}) but does not count
 * as a store outage: it may be the caller's own, such as a transaction its own statement aborted. Not
 * thread-safe, like the transaction.
 */
final class DefaultTransactionalLedger implements TransactionalLedger {
    private final StoreTransaction transaction;
    private final RecordFactory factory;
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    /** The subjects whose snapshots the commit drops. */
    private final Set<String> written = new LinkedHashSet<>();
    /** What the commit hands to listeners, in the order written. */
    private final List<ConsentChange> changes = new ArrayList<>();

    private boolean registered;
    /** Set by the after-commit action, which a store might run on another thread than the writes. */
    private volatile boolean committed;

    DefaultTransactionalLedger(
            StoreTransaction transaction,
            RecordFactory factory,
            DefaultPurposeRegistry registry,
            SnapshotCache cache,
            CommitOrder commits) {
        this.transaction = transaction;
        this.factory = factory;
        this.registry = registry;
        this.cache = cache;
        this.commits = commits;
    }

    @Override
    public WriteResult record(Interaction interaction) {
        Objects.requireNonNull(interaction, "interaction");
        if (committed) {
            throw new IllegalStateException("the transaction has committed; write in a new one");
        }
        try {
            return append(interaction);
        } catch (InvalidInputException e) {
            WriteResult earlier =
                    Replays.replayOrThrow(e, () -> recorded(interaction.subject(), interaction.interactionId()));
            dropAtCommit(interaction.subject());
            return earlier;
        }
    }

    @Override
    public WriteResult grant(String subject, String purposeId, CollectionContext context) {
        return record(RecordFactory.singleDecision(subject, purposeId, Action.GRANTED, context));
    }

    @Override
    public WriteResult deny(String subject, String purposeId, CollectionContext context) {
        return record(RecordFactory.singleDecision(subject, purposeId, Action.DENIED, context));
    }

    @Override
    public WriteResult withdraw(String subject, String purposeId, CollectionContext context) {
        return record(RecordFactory.singleDecision(subject, purposeId, Action.WITHDRAWN, context));
    }

    @Override
    public WriteResult object(String subject, String purposeId, CollectionContext context) {
        return record(RecordFactory.singleDecision(subject, purposeId, Action.OBJECTED, context));
    }

    @Override
    public WriteResult withdrawObjection(String subject, String purposeId, CollectionContext context) {
        return record(RecordFactory.singleDecision(subject, purposeId, Action.OBJECTION_WITHDRAWN, context));
    }

    /** Builds the records on the current state read in the transaction and appends them there, once. */
    private WriteResult append(Interaction interaction) {
        String subject = interaction.subject();
        String interactionId = interaction.interactionId();
        CurrentState stored = GuardedStore.translated(
                () -> transaction.loadCurrentState(subject),
                "read the current state of a subject in the caller's transaction");
        Snapshot current = Snapshot.of(stored, registry.view(), cache.clockFreeAfter(), cache.comingOfAge());
        SubjectAppend append = RecordFactory.append(
                subject, interactionId, current.sequence(), factory.forInteraction(interaction, current));
        dropAtCommit(subject);
        List<ConsentRecord> records;
        try {
            records = GuardedStore.translated(
                    () -> transaction.append(List.of(append)),
                    "append interaction " + ValueText.describe(interactionId)
                            + " in the caller's transaction; roll it back");
        } catch (DuplicateInteractionException e) {
            WriteResult earlier;
            try {
                earlier = recorded(subject, interactionId);
            } catch (StoreUnavailableException s) {
                s.addSuppressed(e);
                throw s;
            }
            if (earlier == null) {
                throw Replays.missing(interactionId, e);
            }
            return earlier;
        }
        long position = records.get(records.size() - 1).position();
        changes.add(new ConsentChange(subject, interactionId, records, position));
        return new WriteResult(subject, interactionId, records, position, false);
    }

    /** The records of the interaction as the transaction sees them, as a replayed result, or null. */
    private @Nullable WriteResult recorded(String subject, String interactionId) {
        List<ConsentRecord> history = GuardedStore.translated(
                () -> transaction.readSubject(subject), "read the history of a subject in the caller's transaction");
        return Replays.replayed(history, subject, interactionId);
    }

    /** Marks the subject for the after-commit action, registering that action on first use. */
    private void dropAtCommit(String subject) {
        if (!registered) {
            GuardedStore.translated(
                    () -> {
                        transaction.afterCommit(this::afterCommit);
                        return null;
                    },
                    "register an after-commit action with the caller's transaction");
            registered = true;
        }
        written.add(subject);
    }

    @Override
    public Object savepoint() {
        return new Mark(this, changes.size());
    }

    @Override
    public void rolledBackTo(Object savepoint) {
        Objects.requireNonNull(savepoint, "savepoint");
        if (!(savepoint instanceof Mark m) || m.ledger != this) {
            throw new IllegalArgumentException("not a savepoint of this transaction's ledger: " + savepoint);
        }
        if (m.changes < changes.size()) {
            changes.subList(m.changes, changes.size()).clear();
        }
    }

    /** A savepoint's mark: how many changes had been written when it was set. */
    private record Mark(DefaultTransactionalLedger ledger, int changes) {
        @Override
        public String toString() {
            return "savepoint after " + changes + " writes";
        }
    }

    private void afterCommit() {
        committed = true;
        for (String subject : written) {
            cache.dropAfterCommit(subject);
        }
        commits.transactionCommitted(changes);
    }
}
