package dev.consent.internal;

import dev.consent.Action;
import dev.consent.CollectionContext;
import dev.consent.ConsentException;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.ReappliedErasures;
import dev.consent.StoreUnavailableException;
import dev.consent.SubjectState;
import dev.consent.Tombstone;
import dev.consent.TransactionalLedger;
import dev.consent.VerificationReport;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.StoredEvidence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The ledger over a store. See {@link ConsentLedger} for the contract. */
final class DefaultLedger implements ConsentLedger {
    /** Tombstones per store read of {@link #tombstones()}. */
    private static final int TOMBSTONE_PAGE = 1_000;
    /** The largest page {@link #tombstones(long, int)} accepts. */
    private static final int MAX_TOMBSTONE_PAGE = 10_000;

    private final ConsentStore store;
    private final SnapshotCache cache;
    private final CommitOrder commits;
    private final RecordHasher hasher;
    private final RecordFactory factory;
    private final int conflictRetries;
    private final StateReader states;
    private final StoreHealth health;
    private final DefaultPurposeRegistry registry;
    private final WritePath writes;

    DefaultLedger(ConsentStore store, DefaultPurposeRegistry registry, SnapshotCache cache, CommitOrder commits,
            RecordHasher hasher, Clock clock, Duration futureTolerance, int conflictRetries, StoreHealth health) {
        this.health = health;
        this.registry = registry;
        this.store = store;
        this.cache = cache;
        this.commits = commits;
        this.hasher = hasher;
        this.factory = new RecordFactory(registry, hasher, clock, futureTolerance);
        this.conflictRetries = conflictRetries;
        this.states = new StateReader(store, registry, clock);
        this.writes = new WritePath(store, registry, cache, commits, health, conflictRetries);
    }

    @Override
    public WriteResult record(Interaction interaction) {
        Objects.requireNonNull(interaction, "interaction");
        writes.preload(interaction);
        try {
            return write(interaction.subject(), interaction.interactionId(), head -> factory.forInteraction(interaction, head));
        } catch (InvalidInputException e) {
            WriteResult earlier = replayOrThrow(e, () -> recorded(interaction.subject(), interaction.interactionId()));
            cache.invalidate(interaction.subject());
            return earlier;
        }
    }

    /**
     * For a write rejected as invalid: a retry of an interaction already recorded is a replay, even when it
     * would no longer be accepted as new (its given time now lies before later records, its purpose was
     * retired, the subject erased). Returns the records {@code recorded} finds, or throws {@code rejected}.
     */
    static WriteResult replayOrThrow(InvalidInputException rejected, Supplier<@Nullable WriteResult> recorded) {
        WriteResult earlier;
        try {
            earlier = recorded.get();
        } catch (StoreUnavailableException s) {
            rejected.addSuppressed(s);
            throw rejected;
        }
        if (earlier == null) {
            throw rejected;
        }
        return earlier;
    }

    @Override
    public WriteResult grant(String subject, String purposeId, CollectionContext context) {
        return single(subject, purposeId, Action.GRANTED, context);
    }

    @Override
    public WriteResult deny(String subject, String purposeId, CollectionContext context) {
        return single(subject, purposeId, Action.DENIED, context);
    }

    @Override
    public WriteResult withdraw(String subject, String purposeId, CollectionContext context) {
        return single(subject, purposeId, Action.WITHDRAWN, context);
    }

    @Override
    public WriteResult object(String subject, String purposeId, CollectionContext context) {
        return single(subject, purposeId, Action.OBJECTED, context);
    }

    @Override
    public WriteResult withdrawObjection(String subject, String purposeId, CollectionContext context) {
        return single(subject, purposeId, Action.OBJECTION_WITHDRAWN, context);
    }

    @Override
    public WriteResult grantGroup(String subject, String group, CollectionContext context) {
        return groupDecision(subject, group, Action.GRANTED, context);
    }

    @Override
    public WriteResult denyGroup(String subject, String group, CollectionContext context) {
        return groupDecision(subject, group, Action.DENIED, context);
    }

    @Override
    public WriteResult withdrawGroup(String subject, String group, CollectionContext context) {
        return groupDecision(subject, group, Action.WITHDRAWN, context);
    }

    private WriteResult groupDecision(String subject, String group, Action action, CollectionContext context) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(context, "context");
        Interaction.Builder b = Interaction.builder(subject).context(context);
        switch (action) {
            case GRANTED -> b.grantGroup(group);
            case DENIED -> b.denyGroup(group);
            default -> b.withdrawGroup(group);
        }
        return record(b.build());
    }

    @Override
    public WriteResult link(String anonymousId, String accountId, CollectionContext context) {
        Checks.text("anonymousId", anonymousId, Checks.MAX_ID_LENGTH);
        Checks.text("accountId", accountId, Checks.MAX_ID_LENGTH);
        Objects.requireNonNull(context, "context");
        return new Linking(this, store, registry, factory).link(anonymousId, accountId, context);
    }

    @Override
    public List<dev.consent.SubjectLink> links(String subject) {
        Checks.subject(subject);
        return guarded(() -> List.copyOf(store.readLinks(subject)), "read the links of a subject");
    }

    @Override
    public WriteResult erase(String subject, CollectionContext context) {
        Checks.subject(subject);
        Objects.requireNonNull(context, "context");
        String interactionId = Interaction.RESERVED_PREFIX + "erasure";
        WriteResult result = write(subject, interactionId, head -> {
            if (head.lifecycle != null && head.lifecycle.action() == Action.SUBJECT_ERASED) {
                return null;
            }
            return List.of(factory.lifecycle(subject, interactionId, Action.SUBJECT_ERASED, context, head));
        });
        guarded(() -> {
            store.eraseEvidence(subject);
            return null;
        }, "erase the evidence of a subject");
        return result;
    }

    @Override
    public List<Tombstone> tombstones() {
        List<Tombstone> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Tombstone> page = tombstones(after, TOMBSTONE_PAGE);
            out.addAll(page);
            if (page.size() < TOMBSTONE_PAGE) {
                return java.util.Collections.unmodifiableList(out);
            }
            after = page.get(page.size() - 1).position();
        }
    }

    @Override
    public List<Tombstone> tombstones(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new InvalidInputException("afterPosition", afterPosition, "must not be negative");
        }
        if (limit < 1 || limit > MAX_TOMBSTONE_PAGE) {
            throw new InvalidInputException("limit", limit, "must be between 1 and " + MAX_TOMBSTONE_PAGE);
        }
        List<ConsentRecord> erasures = guarded(() -> store.readErasures(afterPosition, limit), "read the tombstones");
        List<Tombstone> out = new ArrayList<>(erasures.size());
        for (ConsentRecord r : erasures) {
            out.add(Tombstone.of(r));
        }
        return List.copyOf(out);
    }

    @Override
    public ReappliedErasures reapplyErasures(Collection<Tombstone> tombstones, CollectionContext context) {
        Objects.requireNonNull(tombstones, "tombstones");
        Objects.requireNonNull(context, "context");
        java.util.LinkedHashSet<String> subjects = new java.util.LinkedHashSet<>();
        int i = 0;
        for (Tombstone t : tombstones) {
            if (t == null) {
                throw new InvalidInputException("tombstones[" + i + "]", null, "must not be null");
            }
            subjects.add(t.subject());
            i++;
        }
        List<String> erasedAgain = new ArrayList<>();
        List<String> already = new ArrayList<>();
        List<String> evidenceDeleted = new ArrayList<>();
        for (String subject : subjects) {
            // after a restore under a running process, a cached head may still show an erasure the store lost
            cache.invalidate(subject);
            boolean hadEvidence = !guarded(() -> store.readEvidence(subject), "read the evidence of a subject").isEmpty();
            WriteResult result = erase(subject, context);
            (result.replayed() ? already : erasedAgain).add(subject);
            if (hadEvidence) {
                evidenceDeleted.add(subject);
            }
        }
        return new ReappliedErasures(erasedAgain, already, evidenceDeleted);
    }

    @Override
    public WriteResult markDeceased(String subject, CollectionContext context) {
        Checks.subject(subject);
        Objects.requireNonNull(context, "context");
        String interactionId = Interaction.RESERVED_PREFIX + "deceased";
        return write(subject, interactionId, head -> {
            if (head.lifecycle != null) {
                throw new InvalidInputException("subject", subject, head.lifecycle.action() == Action.SUBJECT_ERASED
                        ? "was erased at " + head.lifecycle.recordedAt()
                        : "is already recorded as deceased at " + head.lifecycle.recordedAt());
            }
            return List.of(factory.lifecycle(subject, interactionId, Action.SUBJECT_DECEASED, context, head));
        });
    }

    @Override
    public TransactionalLedger inTransaction(StoreTransaction transaction) {
        return new DefaultTransactionalLedger(Objects.requireNonNull(transaction, "transaction"), factory, registry,
                cache, commits);
    }

    @Override
    public SubjectState currentState(String subject) {
        Checks.subject(subject);
        return guarded(() -> states.current(subject), "read the state of a subject");
    }

    @Override
    public SubjectState stateAt(String subject, Instant instant) {
        Checks.subject(subject);
        Objects.requireNonNull(instant, "instant");
        return guarded(() -> states.at(subject, instant), "read the history of a subject");
    }

    @Override
    public List<ConsentRecord> history(String subject) {
        Checks.subject(subject);
        return guarded(() -> List.copyOf(store.readSubject(subject)),
                "read the history of a subject");
    }

    @Override
    public dev.consent.AccessExport export(String subject) {
        Checks.subject(subject);
        return guarded(() -> Exports.export(store, registry, states, subject), "export the data of a subject");
    }

    @Override
    public Map<UUID, Evidence> evidence(String subject) {
        Checks.subject(subject);
        Map<UUID, StoredEvidence> stored = guarded(() -> store.readEvidence(subject),
                "read the evidence of a subject");
        Map<UUID, Evidence> out = new LinkedHashMap<>();
        stored.forEach((id, e) -> out.put(id, e.evidence()));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public VerificationReport verify() {
        return guarded(() -> new ChainVerifier(hasher).verifyAll(store), "verify the ledger");
    }

    @Override
    public VerificationReport verify(String subject) {
        Checks.subject(subject);
        return guarded(() -> new ChainVerifier(hasher).verifySubject(store, subject),
                "verify a subject");
    }

    @Override
    public long headPosition() {
        return guarded(store::headPosition, "read the ledger head");
    }

    private WriteResult single(String subject, String purposeId, Action action, CollectionContext context) {
        return record(singleDecision(subject, purposeId, action, context));
    }

    /** The interaction of one decision about the current version of a purpose. */
    static Interaction singleDecision(String subject, String purposeId, Action action, CollectionContext context) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purposeId, "purposeId");
        Objects.requireNonNull(context, "context");
        return Interaction.builder(subject).context(context).decision(purposeId, 0, action).build();
    }

    /**
     * Builds records on the subject's head and appends them, retrying on a lost race. {@code build}
     * returns null when there is nothing to write because the write already happened (the records stored
     * then are returned), and an empty list when there is nothing to write at all (an empty result).
     */
    WriteResult write(String subject, String interactionId,
            Function<Snapshot, @Nullable List<RecordFactory.Prepared>> build) {
        WriteResult result = writes.write(subject, interactionId, build);
        return result != null ? result : replay(subject, interactionId);
    }

    private WriteResult replay(String subject, String interactionId) {
        cache.invalidate(subject); // the earlier attempt may have committed without updating the cache
        WriteResult earlier = recorded(subject, interactionId);
        if (earlier == null) {
            throw new StoreUnavailableException("store reported interaction " + Checks.describe(interactionId)
                    + " as recorded for the subject, but holds none of its records", null);
        }
        return earlier;
    }

    /** The records stored for the interaction as a replayed result, or null if it was never recorded. */
    private @Nullable WriteResult recorded(String subject, String interactionId) {
        return replayed(history(subject), subject, interactionId);
    }

    /** The records of the interaction in {@code history} as a replayed result, or null if there are none. */
    static @Nullable WriteResult replayed(List<ConsentRecord> history, String subject, String interactionId) {
        List<ConsentRecord> existing = new ArrayList<>();
        for (ConsentRecord r : history) {
            if (r.interactionId().equals(interactionId)) {
                existing.add(r);
            }
        }
        if (existing.isEmpty()) {
            return null;
        }
        return new WriteResult(subject, interactionId, existing, existing.get(existing.size() - 1).position(), true);
    }

    /** Runs a store call, turning unexpected failures into {@link StoreUnavailableException}. */
    static <T> T guarded(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not " + what, e);
        }
    }
}
