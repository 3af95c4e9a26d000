package dev.consent.internal;

import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.OutagePolicy;
import dev.consent.Purpose;
import dev.consent.StoreUnavailableException;
import dev.consent.SubjectLink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.EvidenceRef;
import dev.consent.spi.PeriodCounts;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The store as the rest of the library reaches it: every call of the cache, ledger, enforcer, registry,
 * reports and feed follower goes through this decorator, which alone
 *
 * <ul>
 *   <li>translates a failure of the store into {@link StoreUnavailableException}, keeping the store's
 *       exception as the cause. Other {@link ConsentException}s (a conflict, a duplicate interaction, a
 *       purpose conflict) are answers of a working store and pass through, as does an
 *       {@link UnsupportedOperationException} (a store that keeps no links says so). Messages name the operation
 *       and at most an interaction id or purpose id: never a subject id or evidence, which may be personal
 *       data;
 *   <li>records the store's health ({@link StoreHealth}): a failed call starts or prolongs an outage, a
 *       successful one ends it. Answers that are conflicts or duplicates leave it as it is.
 * </ul>
 *
 * <p>Writes inside a caller's transaction do not come here: a failure there may be the caller's own, so it
 * is translated ({@link #translated}) but not counted as an outage. Closing this leaves the store open: it
 * belongs to whoever created it. Thread-safe, as the store is.
 */
final class GuardedStore implements ConsentStore {
    /** No exception of the caller's: every failure is the store's. */
    private static final @Nullable Throwable[] NOT_THE_CALLERS = new Throwable[1];

    private final ConsentStore store;
    private final StoreHealth health;

    GuardedStore(ConsentStore store, OutagePolicy policy, Clock clock) {
        this.store = store;
        this.health = new StoreHealth(policy, store, clock);
    }

    /**
     * Whether a check answered from the cache must deny because the store is down, under the outage policy
     * (see {@link StoreHealth#denyCached()}). Hot path: one volatile read while the store works.
     */
    boolean denyCached() {
        return health.down && health.denyCached();
    }

    /**
     * Runs a call that reaches the store by another way than this decorator (a caller's transaction),
     * translating its failure as this decorator does, without recording health.
     */
    static <T> T translated(Supplier<T> call, String what) {
        try {
            return call.get();
        } catch (ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not " + what, e);
        }
    }

    private <T> T call(Supplier<T> call, String what) {
        return call(call, what, NOT_THE_CALLERS);
    }

    /**
     * Runs a call of the store under the one translation policy. {@code callers[0]}, once set, is an exception
     * of the caller's own code that the store only passed on (a record builder's): it reaches the caller
     * unchanged and says nothing of the store's health.
     */
    private <T> T call(Supplier<T> call, String what, @Nullable Throwable[] callers) {
        T answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            if (e == callers[0]
                    || e instanceof ConsentException && !(e instanceof StoreUnavailableException)
                    || e instanceof UnsupportedOperationException) {
                throw e;
            }
            health.failed();
            throw e instanceof StoreUnavailableException ? e : new StoreUnavailableException("could not " + what, e);
        }
        health.succeeded();
        return answer;
    }

    private void run(Runnable call, String what) {
        call(
                () -> {
                    call.run();
                    return null;
                },
                what);
    }

    @Override
    public List<ConsentRecord> append(List<SubjectAppend> appends) {
        String what = appends.size() == 1
                ? "append interaction " + ValueText.describe(appends.get(0).interactionId())
                        + "; retrying with the same interaction id is safe"
                : "append " + appends.size() + " interactions; retrying with the same interaction ids is safe";
        return call(() -> store.append(appends), what);
    }

    /**
     * Forwards to the store's own {@code appendBuilt} (the JDBC store's group commit). What the builder throws
     * is the caller's answer (invalid input), not a failure of the store: it passes unchanged and leaves the
     * health as it is.
     */
    @Override
    public List<ConsentRecord> appendBuilt(
            String subject,
            String interactionId,
            @Nullable CurrentState known,
            Function<CurrentState, @Nullable SubjectAppend> build) {
        @Nullable Throwable[] thrown = new Throwable[1];
        Function<CurrentState, @Nullable SubjectAppend> watched = state -> {
            try {
                return build.apply(state);
            } catch (RuntimeException | Error e) {
                thrown[0] = e;
                throw e;
            }
        };
        return call(
                () -> store.appendBuilt(subject, interactionId, known, watched),
                "append interaction " + ValueText.describe(interactionId)
                        + "; retrying with the same interaction id is safe",
                thrown);
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        return call(() -> store.loadCurrentState(subject), "read the current state of a subject");
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        return complete(subjects, call(() -> store.loadCurrentStates(subjects), "read the current states of subjects"));
    }

    @Override
    public Map<String, CurrentState> loadCurrentStates(Collection<String> subjects, String purposeId) {
        return complete(
                subjects,
                call(
                        () -> store.loadCurrentStates(subjects, purposeId),
                        "read the current states of subjects for purpose " + ValueText.describe(purposeId)));
    }

    /** The store's answer, if it holds a current state for every subject asked; a failure otherwise. */
    private Map<String, CurrentState> complete(Collection<String> subjects, Map<String, CurrentState> answer) {
        for (String subject : subjects) {
            if (answer.get(subject) == null) {
                health.failed();
                throw new StoreUnavailableException(
                        "store answered no current state for a subject it was asked for", null);
            }
        }
        return answer;
    }

    @Override
    public List<ConsentRecord> readSubject(String subject) {
        return call(() -> store.readSubject(subject), "read the history of a subject");
    }

    @Override
    public Map<String, List<ConsentRecord>> readSubjects(Collection<String> subjects) {
        Map<String, List<ConsentRecord>> read =
                call(() -> store.readSubjects(subjects), "read the histories of subjects");
        for (String subject : subjects) {
            if (read.get(subject) == null) {
                throw new StoreUnavailableException(
                        "the store answered no history for subject " + subject + " of the " + subjects.size()
                                + " asked",
                        null);
            }
        }
        return read;
    }

    @Override
    public dev.consent.spi.LedgerTree tree() {
        dev.consent.spi.LedgerTree tree = call(store::tree, "open the Merkle tree");
        return new dev.consent.spi.LedgerTree() {
            @Override
            public dev.consent.merkle.Frontier frontier() {
                return call(tree::frontier, "read the Merkle tree");
            }

            @Override
            public List<dev.consent.Hash> hashes(List<dev.consent.merkle.TreeNode> nodes) {
                return call(() -> tree.hashes(nodes), "read the Merkle tree's nodes");
            }
        };
    }

    @Override
    public java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        return call(() -> store.readRecord(recordId), "read a record by its id");
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        return call(() -> store.readFeed(afterPosition, limit), "read the change feed after position " + afterPosition);
    }

    @Override
    public List<ConsentRecord> readErasures(long afterPosition, int limit) {
        return call(() -> store.readErasures(afterPosition, limit), "read the tombstones");
    }

    @Override
    public PeriodCounts countPeriod(Instant from, Instant to) {
        return call(() -> store.countPeriod(from, to), "count the period");
    }

    @Override
    public long headPosition() {
        return call(store::headPosition, "read the ledger head");
    }

    @Override
    public Map<UUID, StoredEvidence> readEvidence(String subject) {
        return call(() -> store.readEvidence(subject), "read the evidence of a subject");
    }

    @Override
    public void eraseEvidence(String subject) {
        run(() -> store.eraseEvidence(subject), "erase the evidence of a subject");
    }

    @Override
    public List<EvidenceRef> readEvidenceRecordedBefore(
            Instant cutoff, @Nullable Set<String> purposeIds, long afterPosition, int limit) {
        return call(
                () -> store.readEvidenceRecordedBefore(cutoff, purposeIds, afterPosition, limit),
                "read the evidence recorded before " + cutoff + " after position " + afterPosition);
    }

    @Override
    public int removeEvidence(Collection<EvidenceRef> records) {
        return call(() -> store.removeEvidence(records), "remove the evidence of " + records.size() + " records");
    }

    @Override
    public List<String> readSubjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
        return call(
                () -> store.readSubjectsLastRecordedBefore(cutoff, afterSubject, limit),
                "read the subjects last recorded before " + cutoff);
    }

    @Override
    public void savePurpose(Purpose purpose) {
        run(() -> store.savePurpose(purpose), "publish purpose " + purpose.id() + " version " + purpose.version());
    }

    @Override
    public List<Purpose> loadPurposes() {
        return call(store::loadPurposes, "load the purpose definitions");
    }

    @Override
    public void saveRegistryEvent(dev.consent.spi.RegistryEvent event) {
        run(
                () -> store.saveRegistryEvent(event),
                "store a " + event.kind() + " event of invalidation " + event.invalidationId());
    }

    @Override
    public List<dev.consent.spi.RegistryEvent> loadRegistryEvents() {
        return call(store::loadRegistryEvents, "load the registry events");
    }

    @Override
    public List<PeriodCounts.EndStateCount> countSelectedEndStates(
            Instant from, Instant to, List<dev.consent.GrantFilter> anyOf) {
        return call(() -> store.countSelectedEndStates(from, to, anyOf), "count the invalidated grants of a period");
    }

    @Override
    public long countGrants(dev.consent.GrantFilter filter) {
        return call(() -> store.countGrants(filter), "count the grants an invalidation selects");
    }

    @Override
    public void saveLink(SubjectLink link) {
        run(() -> store.saveLink(link), "store the link of a visitor to an account; calling link again completes it");
    }

    @Override
    public List<SubjectLink> readLinks(String subject) {
        return call(() -> store.readLinks(subject), "read the links of a subject");
    }

    /** Leaves the store open: whoever created it closes it. */
    @Override
    public void close() {}
}
