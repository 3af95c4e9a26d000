package dev.consent.spi;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Purpose;
import dev.consent.StoreUnavailableException;
import dev.consent.SubjectLink;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the ledger and the purpose definitions are kept. Implementations must be thread-safe; several
 * {@code ConsentSystem}s in different processes may share one store when the implementation supports
 * it. Every implementation must pass the test kit, {@code dev.consent.testkit.ConsentStoreKit} in
 * consent-testkit.
 *
 * <p>Records are append-only: a store never changes a stored record. The only deletions are of evidence:
 * {@link #eraseEvidence(String)} and {@link #removeEvidence(Collection)}. Any failure of the underlying storage is reported as
 * {@link StoreUnavailableException} with the cause attached, and leaves nothing partially written.
 */
public interface ConsentStore extends AutoCloseable {

    /**
     * Appends records for one or more subjects in one atomic step: all or nothing. For each subject,
     * the store checks that none of the subject's records already has the append's interaction id and
     * that the subject's latest stored record has sequence {@link SubjectAppend#expectedSequence()} (0
     * for a subject with no records); the interaction is checked first, so the unchanged retry of an
     * append that was stored (whose expected sequence is stale by now) is reported as a duplicate, not as
     * a conflict. Then the store assigns each record, in the order given, the next global position:
     * 1, 2, 3, ... across the whole ledger, without gaps (a failed append uses up none), in commit
     * order, so that a reader of {@link #readFeed(long, int)} that has seen position {@code p} never
     * later finds a new record below {@code p}. Evidence is stored beside the records and removable by
     * {@link #eraseEvidence}. Subject ids and interaction ids are compared exactly (case, spaces and
     * Unicode form matter).
     *
     * @param appends the appends, at most one per subject
     * @return the appended records with their positions, in the order given
     * @throws DuplicateInteractionException if a subject already has a record with that interaction id
     * @throws ConcurrentUpdateException if a subject's current state is not at the expected sequence
     * @throws dev.consent.InvalidInputException if two appends are for the same subject
     * @throws StoreUnavailableException if the storage failed
     */
    List<ConsentRecord> append(List<SubjectAppend> appends);

    /**
     * Builds one subject's append on its current state and appends it atomically: the write path of the ledger.
     * The store calls {@code build} with the subject's current state and appends what it returns as
     * {@link #append(List)} would, or appends nothing when it returns {@code null}. The store may call
     * {@code build} again (for example after losing a race), always with a newer state; only what the last
     * call returned is appended. {@code build} must be free of side effects on the store.
     *
     * <p>{@code known} is the state the caller believes current (from its cache), or {@code null}. A store may
     * build on it without reading, and then report a state that is no longer current as
     * {@link ConcurrentUpdateException}; a store that reads the state inside its append transaction may ignore
     * it. The default does the former: it builds on {@code known}, or else on {@link #loadCurrentState}, and
     * calls {@link #append(List)}. A store whose appends cost a transaction each should override this to read,
     * build and append in one transaction (the JDBC store does, and commits concurrent appends together).
     *
     * @param subject the subject
     * @param interactionId the interaction id the append must have
     * @param known the state the caller believes current, or {@code null}
     * @param build the records to append on a state, or {@code null} for none; what it throws, the store throws
     *     to this caller unchanged, appending nothing
     * @return the appended records with their positions, in the order built; empty when {@code build} returned
     *     {@code null}
     * @throws DuplicateInteractionException if the subject already has a record with that interaction id
     *     ({@code build} may then not have been called)
     * @throws ConcurrentUpdateException if the state built on was no longer current; retry with {@code known}
     *     {@code null}
     * @throws dev.consent.InvalidInputException if {@code build} returned an append of another subject or
     *     interaction, or one that does not build on the state it was given
     * @throws StoreUnavailableException if the storage failed
     */
    default List<ConsentRecord> appendBuilt(
            String subject,
            String interactionId,
            @Nullable CurrentState known,
            Function<CurrentState, @Nullable SubjectAppend> build) {
        java.util.Objects.requireNonNull(subject, "subject");
        java.util.Objects.requireNonNull(interactionId, "interactionId");
        java.util.Objects.requireNonNull(build, "build");
        CurrentState state = known != null ? known : loadCurrentState(subject);
        SubjectAppend append = build.apply(state);
        if (append == null) {
            return List.of();
        }
        BuiltAppends.check(append, subject, interactionId, state);
        return append(List.of(append));
    }

    /**
     * The subject's latest record for each purpose, and its latest record of each lifecycle action, with
     * the global position the answer is consistent with. Read in one consistent step: the state contains
     * every record of the subject with a position up to {@link CurrentState#asOfPosition()}, which is the
     * ledger's head position at that step (so, when no append runs, {@link #headPosition()}), also for
     * a subject without records.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    CurrentState loadCurrentState(String subject);

    /**
     * {@link #loadCurrentState(String)} for many subjects. Implementations should answer in few round trips
     * (for example one query per chunk); the default asks one subject at a time.
     *
     * @return a current state for every subject asked, subjects without records included
     * @throws StoreUnavailableException if the storage failed
     */
    default Map<String, CurrentState> loadCurrentStates(Collection<String> subjects) {
        Map<String, CurrentState> states = new LinkedHashMap<>();
        for (String subject : subjects) {
            states.put(subject, loadCurrentState(subject));
        }
        return states;
    }

    /**
     * {@link #loadCurrentStates(Collection)} for a check of one purpose, as a bulk check asks: each current state must hold the
     * subject's latest record for {@code purposeId} and its latest record of each lifecycle action, and may
     * leave out the subject's other purposes, so a store can read less. Everything else is as
     * {@link #loadCurrentStates(Collection)}; the states answer nothing but a decision about {@code purposeId}. The
     * default returns the full current states.
     *
     * @return a current state for every subject asked, subjects without records included
     * @throws StoreUnavailableException if the storage failed
     */
    default Map<String, CurrentState> loadCurrentStates(Collection<String> subjects, String purposeId) {
        java.util.Objects.requireNonNull(purposeId, "purposeId");
        return loadCurrentStates(subjects);
    }

    /**
     * Every record of the subject, in the order they were appended (position order), which for an intact chain
     * is sequence order; a store must not sort by the sequence a record claims, so that {@code verify(subject)}
     * sees records whose positions or sequences were swapped.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    List<ConsentRecord> readSubject(String subject);

    /**
     * {@link #readSubject(String)} for many subjects, as an import asks before it appends to subjects that have
     * records. Implementations should answer in few round trips (for example one query per chunk); the default
     * asks one subject at a time.
     *
     * @return every subject asked, in the order asked (duplicates once), with its records as
     *     {@link #readSubject(String)} gives them; an empty list for a subject without records
     * @throws StoreUnavailableException if the storage failed
     */
    default Map<String, List<ConsentRecord>> readSubjects(Collection<String> subjects) {
        Map<String, List<ConsentRecord>> out = new LinkedHashMap<>();
        for (String subject : subjects) {
            if (!out.containsKey(subject)) {
                out.put(subject, readSubject(subject));
            }
        }
        return out;
    }

    /**
     * The record with id {@code recordId}, whatever its subject, or empty if the ledger holds none: what a
     * decision's or a proof's record id is looked up by. An erased subject's records are still found (their
     * evidence is not part of a record). Stores must answer from an index on the record id, not by walking the
     * ledger; the default walks {@link #readFeed(long, int)}, for stores written before this method existed.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    default java.util.Optional<ConsentRecord> readRecord(UUID recordId) {
        java.util.Objects.requireNonNull(recordId, "recordId");
        return FeedScan.record(this, recordId);
    }

    /**
     * The Merkle tree over the ledger in position order, which the store maintains in every append's transaction
     * (see {@link LedgerTree}): what checkpoints, inclusion proofs and consistency proofs are made from. The default
     * computes it from {@link #readFeed(long, int)} on every call (a walk of the whole ledger per frontier), for
     * stores written before it existed; the stock stores keep it.
     */
    default LedgerTree tree() {
        return new FeedTree(this);
    }

    /**
     * Up to {@code limit} records with a position greater than {@code afterPosition}, in position order.
     * The change feed and {@code verify()} read the ledger this way. Fewer than {@code limit} only when no more
     * records follow: readers that walk the whole ledger ({@code verify()}, the defaults of
     * {@link #readErasures} and {@link #countPeriod}) stop at the first short page.
     *
     * @throws dev.consent.InvalidInputException if {@code afterPosition} is negative or {@code limit} is
     *     below 1
     * @throws StoreUnavailableException if the storage failed
     */
    List<ConsentRecord> readFeed(long afterPosition, int limit);

    /**
     * Up to {@code limit} {@link dev.consent.Action#SUBJECT_ERASED} records with a position greater than
     * {@code afterPosition}, in position order: the tombstones of erased subjects. Fewer than {@code limit}
     * only when no more follow: {@code tombstones()} stops at the first short page, and a tombstone missing from
     * it is a subject a restore would bring back. The default walks {@link #readFeed(long, int)}; a store with a
     * query language should select them directly.
     *
     * @throws dev.consent.InvalidInputException if {@code afterPosition} is negative or {@code limit} is
     *     below 1
     * @throws StoreUnavailableException if the storage failed
     */
    default List<ConsentRecord> readErasures(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new dev.consent.InvalidInputException("afterPosition", afterPosition, "must not be negative");
        }
        if (limit < 1) {
            throw new dev.consent.InvalidInputException("limit", limit, "must be 1 or more");
        }
        return FeedScan.erasures(this, afterPosition, limit);
    }

    /**
     * The counts of a transparency report over {@code [from, to)} (see {@link PeriodCounts} for what each
     * counts). The default walks the whole feed once, keeping the latest record per subject and purpose in
     * memory; a store with a query language should count in the storage (the JDBC store groups in SQL).
     *
     * @param from the period's start, inclusive; before {@code to}
     * @param to the period's end, exclusive
     * @throws StoreUnavailableException if the storage failed
     */
    default PeriodCounts countPeriod(java.time.Instant from, java.time.Instant to) {
        return FeedScan.periodCounts(this, from, to);
    }

    /**
     * The part of {@link #countPeriod}'s end states that {@code anyOf} invalidates: for every subject and purpose,
     * the subject's latest record for the purpose among those with {@code recordedAt < to}, counted only when it
     * is a grant that at least one of the filters selects ({@link dev.consent.GrantFilter#matches}), by purpose,
     * version, action ({@code GRANTED}) and expiry; subjects with a lifecycle record before {@code to} are left
     * out, as there. Empty for an empty {@code anyOf}. The default walks the feed; a store with a query language
     * should count in the storage.
     *
     * @param from the period's start, inclusive; before {@code to}
     * @param to the period's end, exclusive
     * @param anyOf the filters of the invalidations in force at the end
     * @throws StoreUnavailableException if the storage failed
     */
    default List<PeriodCounts.EndStateCount> countSelectedEndStates(
            Instant from, Instant to, List<dev.consent.GrantFilter> anyOf) {
        java.util.Objects.requireNonNull(anyOf, "anyOf");
        return anyOf.isEmpty() ? List.of() : FeedScan.selectedEndStates(this, from, to, anyOf);
    }

    /** The highest position assigned so far, 0 for an empty ledger. */
    long headPosition();

    /**
     * The evidence still stored for the subject's records, by record id.
     *
     * @throws dev.consent.EvidenceKeyMissingException if evidence is stored but cannot be opened (its key is gone
     *     or does not fit): never answered as no evidence
     * @throws StoreUnavailableException if the storage failed
     */
    Map<UUID, StoredEvidence> readEvidence(String subject);

    /**
     * Deletes every piece of evidence of the subject, with its salts. Idempotent. A store that keeps evidence
     * sealed under the subject's data key ({@link EvidenceSeal}, {@link EvidenceKeys}), as the library's stores
     * do, destroys the key too, so that copies of the deleted evidence the storage keeps (dead rows, logs,
     * backups) cannot be read.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    void eraseEvidence(String subject);

    /**
     * Up to {@code limit} records recorded before {@code cutoff} ({@link ConsentRecord#recordedAt()} strictly
     * earlier) whose evidence is still stored, with a position greater than {@code afterPosition}, in position
     * order: what a retention rule for evidence removes ({@code dev.consent.retention.Retention}). With
     * {@code purposeIds}, only records of those purposes (an empty set gives none, and lifecycle records, which
     * have no purpose, are never among them); with {@code null}, records of every purpose and lifecycle records.
     * Fewer than {@code limit} only when no more follow: a reader pages on with the last position it got.
     *
     * <p>The default throws {@link UnsupportedOperationException}, for stores written before retention existed;
     * retention then fails and removes nothing. Stores should select these in the storage, not by walking the
     * feed.
     *
     * @param cutoff records recorded before this instant qualify; at it, they do not
     * @param purposeIds the purposes whose records qualify, or {@code null} for every record
     * @param afterPosition the position after which to read, 0 for the first page
     * @param limit how many at most, 1 or more
     * @throws dev.consent.InvalidInputException if {@code afterPosition} is negative or {@code limit} is below 1
     * @throws UnsupportedOperationException if the store does not implement retention
     * @throws StoreUnavailableException if the storage failed
     */
    default List<EvidenceRef> readEvidenceRecordedBefore(
            Instant cutoff, @Nullable Set<String> purposeIds, long afterPosition, int limit) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not implement ConsentStore.readEvidenceRecordedBefore (retention)");
    }

    /**
     * Deletes the evidence of the given records, with its salts, in one atomic step, leaving the records and the
     * subjects' other evidence as they are: the digests in the records stay, so the chains still verify, and the
     * subjects are not erased. Idempotent: a record whose evidence is already gone, or that does not exist, is
     * skipped. The default throws {@link UnsupportedOperationException}, as
     * {@link #readEvidenceRecordedBefore} does.
     *
     * @param records the records, as {@link #readEvidenceRecordedBefore} returned them
     * @return how many records had evidence that was deleted now
     * @throws UnsupportedOperationException if the store does not implement retention
     * @throws StoreUnavailableException if the storage failed; then nothing was deleted
     */
    default int removeEvidence(Collection<EvidenceRef> records) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not implement ConsentStore.removeEvidence (retention)");
    }

    /**
     * Up to {@code limit} subjects that are not erased (have no {@link dev.consent.Action#SUBJECT_ERASED}
     * record) and whose latest record was recorded before {@code cutoff} (strictly earlier), ordered by subject
     * id, after {@code afterSubject}: what a retention rule for inactive subjects erases. The order is the
     * store's own order of subject ids (a database's collation), the same for the comparison with
     * {@code afterSubject} and for the sorting, so that paging with the last subject returned visits each
     * subject once. Fewer than {@code limit} only when no more follow.
     *
     * <p>The default throws {@link UnsupportedOperationException}, as {@link #readEvidenceRecordedBefore} does.
     *
     * @param cutoff subjects whose latest record lies before this instant qualify
     * @param afterSubject the subject after which to read, {@code ""} for the first page
     * @param limit how many at most, 1 or more
     * @throws dev.consent.InvalidInputException if {@code limit} is below 1
     * @throws UnsupportedOperationException if the store does not implement retention
     * @throws StoreUnavailableException if the storage failed
     */
    default List<String> readSubjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
        throw new UnsupportedOperationException(
                getClass().getName() + " does not implement ConsentStore.readSubjectsLastRecordedBefore (retention)");
    }

    /**
     * Stores a purpose version. Storing a version that already exists with equal content
     * ({@link Purpose#equals}, which leaves out {@link Purpose#definedAt()}) is a no-op: the stored
     * version, with its {@code definedAt}, stays.
     *
     * @throws dev.consent.PurposeConflictException if that version exists with other content
     * @throws StoreUnavailableException if the storage failed
     */
    void savePurpose(Purpose purpose);

    /**
     * Every stored version of every purpose.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    List<Purpose> loadPurposes();

    /**
     * Stores a registry event (an invalidation of grants or its lift) atomically: all or nothing. Events are never
     * changed or deleted. Stores that keep no registry events leave this default, which throws
     * {@link UnsupportedOperationException}; {@code PurposeRegistry.invalidate} then fails and writes nothing.
     *
     * @throws dev.consent.InvalidInputException naming {@code invalidationId} if an event of the same kind for
     *     the same invalidation is already stored (a second lift, lost by a race with another node); nothing was
     *     stored
     * @throws StoreUnavailableException if the storage failed
     */
    default void saveRegistryEvent(RegistryEvent event) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no registry events");
    }

    /**
     * Every stored registry event, ordered by {@link RegistryEvent#recordedAt()}, then kind ({@code INVALIDATED}
     * first), then invalidation id. Read when the registry loads its purposes. The default, for stores that keep
     * no registry events, is empty.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    default List<RegistryEvent> loadRegistryEvents() {
        return List.of();
    }

    /**
     * How many records {@code filter} selects ({@link dev.consent.GrantFilter#matches}): grants, whatever
     * followed them, erased subjects' included. What an invalidation checks before it is recorded. The default
     * walks {@link #readFeed(long, int)}; a store with a query language should count in the storage.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    default long countGrants(dev.consent.GrantFilter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        return FeedScan.grants(this, filter);
    }

    /**
     * Stores a link between an anonymous visitor id and an account id. Idempotent: a link equal in its
     * anonymous id, account id and interaction id to a stored one is not stored again (the stored one, with
     * its {@code linkedAt}, stays). Stores that keep no links leave this default, which throws
     * {@link UnsupportedOperationException}; {@code ConsentLedger.link} then fails and writes no link.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    default void saveLink(SubjectLink link) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no subject links");
    }

    /**
     * Every stored link in which {@code subject} is the anonymous id or the account id, ordered by
     * {@code linkedAt}, then anonymous id, account id and interaction id. The default, for stores that keep
     * no links, is empty.
     *
     * @throws StoreUnavailableException if the storage failed
     */
    default List<SubjectLink> readLinks(String subject) {
        return List.of();
    }

    /**
     * Releases resources the store owns. Stores over a caller's resources leave those open. A
     * {@code ConsentSystem} never calls this: the application that created the store closes it, after every
     * system over it.
     */
    @Override
    default void close() {}
}
