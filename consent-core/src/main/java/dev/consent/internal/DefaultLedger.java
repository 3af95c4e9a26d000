package dev.consent.internal;

import dev.consent.AccessExport;
import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.OptOutResult;
import dev.consent.OptOutSignal;
import dev.consent.ReappliedErasures;
import dev.consent.SubjectLink;
import dev.consent.SubjectState;
import dev.consent.Tombstone;
import dev.consent.TransactionalLedger;
import dev.consent.VerificationReport;
import dev.consent.WriteResult;
import dev.consent.spi.RecordHasher;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.StoredEvidence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ledger over a store: checks the arguments and hands each question to the class that answers it, the
 * writes to {@link SubjectWriter}, erasures to {@link Erasures}, links to {@link Linking}, states to
 * {@link StateReader}, proofs to {@link ChainVerifier}. See {@link ConsentLedger} for the contract. Every
 * store call goes through {@link GuardedStore}, which translates store failures.
 */
final class DefaultLedger implements ConsentLedger {
    private final GuardedStore store;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    private final RecordHasher hasher;
    private final RecordFactory factory;
    private final StateReader states;
    private final DefaultPurposeRegistry registry;
    private final SubjectWriter writer;
    private final Erasures erasures;
    private final AgeStatements ageStatements;
    private final dev.consent.spi.TransactionJoin join;
    private final LedgerLog log;
    /** Opens the ledger of a joined transaction; one function, not one per write. */
    private final java.util.function.Function<StoreTransaction, TransactionalLedger> openJoined = this::inTransaction;

    DefaultLedger(
            GuardedStore store,
            DefaultPurposeRegistry registry,
            SnapshotCache cache,
            CommitOrder commits,
            RecordHasher hasher,
            Clock clock,
            Duration futureTolerance,
            int conflictRetries,
            dev.consent.AgeOfConsent ageOfConsent,
            dev.consent.spi.TransactionJoin join,
            dev.consent.merkle.@Nullable NoteSigner checkpointSigner) {
        this.join = join;
        this.log = new LedgerLog(store, checkpointSigner);
        this.registry = registry;
        this.store = store;
        this.cache = cache;
        this.commits = commits;
        this.hasher = hasher;
        this.factory = new RecordFactory(registry, hasher, clock, futureTolerance);
        this.states = new StateReader(store, registry, clock, cache.comingOfAge());
        this.writer = new SubjectWriter(store, registry, cache, commits, conflictRetries);
        this.erasures = new Erasures(writer, store, cache, factory);
        this.ageStatements = new AgeStatements(ageOfConsent, factory);
    }

    @Override
    public WriteResult record(Interaction interaction) {
        Objects.requireNonNull(interaction, "interaction");
        TransactionalLedger joined = join.joined(openJoined);
        if (joined != null) {
            return joined.record(interaction);
        }
        writer.preload(interaction);
        try {
            return writer.write(
                    interaction.subject(),
                    interaction.interactionId(),
                    current -> factory.forInteraction(interaction, current));
        } catch (InvalidInputException e) {
            WriteResult earlier =
                    Replays.replayOrThrow(e, () -> writer.recorded(interaction.subject(), interaction.interactionId()));
            cache.invalidate(interaction.subject());
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

    @Override
    public WriteResult grantGroup(String subject, String group, CollectionContext context) {
        return record(groupDecision(subject, group, context).grantGroup(group).build());
    }

    @Override
    public WriteResult denyGroup(String subject, String group, CollectionContext context) {
        return record(groupDecision(subject, group, context).denyGroup(group).build());
    }

    @Override
    public WriteResult withdrawGroup(String subject, String group, CollectionContext context) {
        return record(
                groupDecision(subject, group, context).withdrawGroup(group).build());
    }

    private static Interaction.Builder groupDecision(String subject, String group, CollectionContext context) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(context, "context");
        return Interaction.builder(subject).context(context);
    }

    @Override
    public WriteResult link(String anonymousId, String accountId, CollectionContext context) {
        Checks.text("anonymousId", anonymousId, Checks.MAX_ID_LENGTH);
        Checks.text("accountId", accountId, Checks.MAX_ID_LENGTH);
        Objects.requireNonNull(context, "context");
        return new Linking(writer, store, registry, factory).link(anonymousId, accountId, context);
    }

    @Override
    public OptOutResult honourOptOutSignal(String subject, OptOutSignal signal, CollectionContext context) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(context, "context");
        return new OptOutSignals(writer, store, registry, factory, cache).honour(subject, signal, context);
    }

    @Override
    public List<SubjectLink> links(String subject) {
        Checks.subject(subject);
        return List.copyOf(store.readLinks(subject));
    }

    @Override
    public WriteResult erase(String subject, CollectionContext context) {
        Checks.subject(subject);
        Objects.requireNonNull(context, "context");
        return erasures.erase(subject, context);
    }

    @Override
    public List<Tombstone> tombstones() {
        return erasures.tombstones();
    }

    @Override
    public List<Tombstone> tombstones(long afterPosition, int limit) {
        return erasures.tombstones(afterPosition, limit);
    }

    @Override
    public ReappliedErasures reapplyErasures(Collection<Tombstone> tombstones, CollectionContext context) {
        Objects.requireNonNull(tombstones, "tombstones");
        Objects.requireNonNull(context, "context");
        return erasures.reapply(tombstones, context);
    }

    @Override
    public WriteResult markDeceased(String subject, CollectionContext context) {
        Checks.subject(subject);
        Objects.requireNonNull(context, "context");
        String interactionId = Interaction.RESERVED_PREFIX + "deceased";
        return writer.write(subject, interactionId, current -> {
            if (current.lifecycle != null) {
                throw new InvalidInputException(
                        "subject",
                        subject,
                        current.lifecycle.action() == Action.SUBJECT_ERASED
                                ? "was erased at " + current.lifecycle.recordedAt()
                                : "is already recorded as deceased at " + current.lifecycle.recordedAt());
            }
            return List.of(factory.lifecycle(subject, interactionId, Action.SUBJECT_DECEASED, context, current));
        });
    }

    @Override
    public WriteResult stateAge(String subject, dev.consent.AgeStatement statement, CollectionContext context) {
        Checks.subject(subject);
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(context, "context");
        ageStatements.validate(statement, context);
        String interactionId = Interaction.RESERVED_PREFIX + "age:" + UUID.randomUUID();
        return writer.write(
                subject,
                interactionId,
                current -> List.of(ageStatements.prepare(subject, interactionId, statement, context, current)));
    }

    @Override
    public TransactionalLedger inTransaction(StoreTransaction transaction) {
        return new DefaultTransactionalLedger(
                Objects.requireNonNull(transaction, "transaction"), factory, registry, cache, commits);
    }

    @Override
    public SubjectState currentState(String subject) {
        Checks.subject(subject);
        return states.current(subject);
    }

    @Override
    public SubjectState stateAt(String subject, Instant instant) {
        Checks.subject(subject);
        Objects.requireNonNull(instant, "instant");
        return states.at(subject, instant);
    }

    @Override
    public List<ConsentRecord> history(String subject) {
        Checks.subject(subject);
        return List.copyOf(store.readSubject(subject));
    }

    @Override
    public java.util.Optional<ConsentRecord> findRecord(UUID recordId) {
        Objects.requireNonNull(recordId, "recordId");
        return store.readRecord(recordId);
    }

    @Override
    public AccessExport export(String subject) {
        Checks.subject(subject);
        return Exports.export(store, registry, states, subject);
    }

    @Override
    public Map<UUID, Evidence> evidence(String subject) {
        Checks.subject(subject);
        Map<UUID, StoredEvidence> stored = store.readEvidence(subject);
        Map<UUID, Evidence> out = new LinkedHashMap<>();
        stored.forEach((id, e) -> out.put(id, e.evidence()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public dev.consent.merkle.SignedCheckpoint checkpoint() {
        return log.checkpoint();
    }

    @Override
    public dev.consent.merkle.InclusionProof proveInclusion(UUID recordId, long treeSize) {
        return log.proveInclusion(recordId, treeSize);
    }

    @Override
    public dev.consent.merkle.ConsistencyProof proveConsistency(long earlierSize, long laterSize) {
        return log.proveConsistency(earlierSize, laterSize);
    }

    @Override
    public dev.consent.merkle.LogVerification verify(
            dev.consent.merkle.Checkpoint earlier, java.util.function.LongConsumer progress) {
        return log.verify(earlier, Objects.requireNonNull(progress, "progress"));
    }

    /** The ledger's Merkle log, for receipts. */
    LedgerLog log() {
        return log;
    }

    @Override
    public VerificationReport verify() {
        return new ChainVerifier(hasher).verifyAll(store);
    }

    @Override
    public VerificationReport verify(String subject) {
        Checks.subject(subject);
        return new ChainVerifier(hasher).verifySubject(store, subject);
    }

    /** The writer of {@code dev.consent.imports}, over this ledger's store, cache and listeners. */
    ImportWrites importWrites() {
        return new ImportWrites(store, cache, commits, factory, writer, registry);
    }

    @Override
    public long headPosition() {
        return store.headPosition();
    }
}
