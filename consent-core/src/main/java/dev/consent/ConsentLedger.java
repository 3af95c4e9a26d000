package dev.consent;

import dev.consent.spi.StoreTransaction;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The append-only, hash-chained record of every consent decision, and the questions asked of it.
 * Thread-safe. Every write is atomic (all its records or none), returns its ledger position, updates
 * this system's cache before it returns (read your writes), and is then told to listeners. Writes inside
 * a transaction of the caller's ({@link #inTransaction(StoreTransaction)}) do the last two at its commit.
 *
 * <p>Writes reject bad input with {@link InvalidInputException} naming the field before anything is
 * written: invalid subject ids, unknown purposes or versions ({@link UnknownPurposeException}), an
 * action that does not fit the purpose's legal basis (consent decisions need {@link LegalBasis#CONSENT},
 * objections {@link LegalBasis#LEGITIMATE_INTEREST}), a grant for a retired purpose, a time in the
 * future beyond the configured tolerance or before the subject's latest record, and any write for an
 * erased subject. A store failure throws {@link StoreUnavailableException} and leaves nothing
 * half-written. A write that lost a race for its subject to another writer is retried (see
 * {@code ConsentSystem.Builder.conflictRetries}); {@link ConcurrentUpdateException} means the retries ran out.
 *
 * <p>The decisions of {@link ConsentWriter} ({@code record}, {@code grant}, {@code deny}, {@code withdraw},
 * {@code object}, {@code withdrawObjection}) are written here; the rest are the writes of groups, links and
 * the subject's lifecycle, and the questions asked of the ledger.
 */
public interface ConsentLedger extends ConsentWriter {
    /**
     * Records that {@code subject} granted consent to every member of the purpose group {@code group}, in
     * one interaction with one record per member, atomically. The members are the current, not retired
     * purposes of the group whose legal basis is CONSENT (see {@link Interaction}). To make a retry
     * idempotent, give an interaction id: {@code record(Interaction.builder(subject).interactionId(id)
     * .context(context).grantGroup(group).build())}.
     *
     * @throws InvalidInputException if the group has no such member (unknown or empty), naming it; nothing
     *     is written; otherwise as {@link #record(Interaction)}
     */
    WriteResult grantGroup(String subject, String group, CollectionContext context);

    /**
     * Records that {@code subject} refused consent to every member of {@code group} when asked, as
     * {@link #grantGroup} does for a grant.
     *
     * @throws InvalidInputException as {@link #grantGroup}
     */
    WriteResult denyGroup(String subject, String group, CollectionContext context);

    /**
     * Records that {@code subject} withdrew consent to every member of {@code group}, as {@link #grantGroup}
     * does for a grant. Once this returns, no check on this system allows any of them.
     *
     * @throws InvalidInputException as {@link #grantGroup}
     */
    WriteResult withdrawGroup(String subject, String group, CollectionContext context);

    /**
     * Erases the subject: appends a {@link Action#SUBJECT_ERASED} record and deletes the stored evidence
     * (IP address, user agent, attributes) and its salts. The decisions and the hash chain stay, so the
     * ledger still verifies; every consent or legitimate-interest check for the subject denies from now
     * on, and further writes for it are rejected. Erasing an erased subject deletes any evidence left
     * and returns the existing erasure record.
     *
     * @throws StoreUnavailableException if the store failed; retrying is safe
     */
    WriteResult erase(String subject, CollectionContext context);

    /**
     * Every erased subject, in the order of their erasure records: derived from the
     * {@link Action#SUBJECT_ERASED} records, so it survives anything the records survive. Export it
     * ({@link Tombstone#toJson}) beside each backup's checkpoint, and after restoring a backup hand the list
     * of the live ledger to {@link #reapplyErasures}. Reads the ledger in pages of 1,000 tombstones.
     *
     * @throws StoreUnavailableException if the store failed
     */
    List<Tombstone> tombstones();

    /**
     * Up to {@code limit} tombstones whose erasure record lies after {@code afterPosition}, in position
     * order: page through a long list by passing the last position seen.
     *
     * @throws InvalidInputException if {@code afterPosition} is negative or {@code limit} is not between 1
     *     and 10,000
     * @throws StoreUnavailableException if the store failed
     */
    List<Tombstone> tombstones(long afterPosition, int limit);

    /**
     * Erases again the subjects of {@code tombstones} (a list exported from the ledger before a backup was
     * restored): for each subject this ledger does not hold as erased, appends an erasure record (recorded
     * now, with {@code context}); for every subject, deletes the stored evidence. Idempotent: running it
     * twice changes nothing the second time. Each subject is erased in its own write, so a failure halfway
     * leaves the subjects before it erased; run it again.
     *
     * @return which subjects were erased again, which already were, and whose evidence was deleted
     * @throws InvalidInputException if a tombstone is {@code null} (the field names its index); nothing is
     *     written
     * @throws StoreUnavailableException if the store failed; retrying is safe
     */
    ReappliedErasures reapplyErasures(Collection<Tombstone> tombstones, CollectionContext context);

    /**
     * Records that the subject is deceased: consent and legitimate-interest processing stop, the history
     * is kept. This is a lifecycle event, not a withdrawal.
     *
     * @throws InvalidInputException if the subject is erased or already marked deceased
     */
    WriteResult markDeceased(String subject, CollectionContext context);

    /**
     * States the subject's birth date or age band for a jurisdiction: appends an {@link Action#AGE_STATED}
     * record, a subject-level fact that stops nothing by itself. From then on every decision (live, cached,
     * bulk, {@code checkAt}, {@code stateAt}) applies the children rule of {@link AgeOfConsent}: a grant given
     * while the subject was under the jurisdiction's age of digital consent counts only when a
     * {@link ActorType#GUARDIAN} with a recorded verification method gave it, and such a grant follows
     * {@link AgeOfConsent#comingOfAge()} once the subject reaches the age. The latest statement counts (a later
     * one corrects an earlier one); for {@code checkAt}, the latest up to the instant.
     *
     * <p>The record's {@link ConsentRecord#expiresAt()} is the instant the subject comes of age, computed now
     * from the configured age, and its {@link ConsentRecord#jurisdiction()} the statement's. The birth date or
     * band itself is evidence (attributes {@code birthDate} or {@code ageBand}, beside the context's evidence):
     * erasure removes it; the record keeps only its salted digest.
     *
     * @throws InvalidInputException naming the field, with nothing written: no age configured for the
     *     statement's jurisdiction ({@code jurisdiction}), a context jurisdiction that differs from it, evidence
     *     using the attribute names {@code birthDate} or {@code ageBand}, a birth date after today, or a subject
     *     erased or recorded as deceased
     * @throws StoreUnavailableException if the store failed
     */
    WriteResult stateAge(String subject, AgeStatement statement, CollectionContext context);

    /**
     * Links an anonymous visitor id to an account id, for example at sign-up or login: the visitor's latest
     * decision about each purpose is carried over to the account as a new record, unless the account already
     * holds a decision about that purpose recorded at or after the visitor's (compared by
     * {@link ConsentRecord#recordedAt()}), and unless it is a grant of a purpose retired since. All carried
     * records are appended to the account's chain atomically, in one interaction whose id starts with
     * {@code consent:link:} and derives from the visitor's history; then the link itself is stored
     * ({@link #links(String)}). Both histories stay intact: the visitor's records are not touched.
     *
     * <p>A carried record restates its origin's decision: the purpose, the version the person saw, the
     * action, the expiry (a carried grant does not last longer than the original) and the notice version.
     * Its channel, collection point, actor and jurisdiction are the {@code context}'s: how the link was made.
     * Its evidence names its origin, in the attributes {@code linkedFrom} (the visitor id) and
     * {@code originRecordId}, beside the {@code context}'s own evidence.
     *
     * <p>An opt-out of sale or sharing ({@link Action#OPTED_OUT}, for example from a Global Privacy Control signal
     * the visitor's browser sent) is carried like any other decision, so it applies to the account; a signal
     * honoured on a visitor after the link applies to the account directly ({@link #honourOptOutSignal}).
     *
     * <p>Idempotent and convergent: linking the same visitor and account again, with no new decisions of the
     * visitor in between, writes nothing new and returns the records carried the first time
     * ({@link WriteResult#replayed()}); a link interrupted between its two steps is completed by calling it
     * again.
     *
     * @return the carried records on the account (empty when none were carried)
     * @throws InvalidInputException if an id is invalid, both ids are equal, either subject is erased or
     *     deceased, or the context's evidence uses the attribute names {@code linkedFrom} or
     *     {@code originRecordId}; nothing is written
     * @throws UnsupportedOperationException if the store keeps no links
     * @throws StoreUnavailableException if the store failed; calling again completes the link
     */
    WriteResult link(String anonymousId, String accountId, CollectionContext context);

    /**
     * Honours an opt-out preference signal such as Global Privacy Control ({@code Sec-GPC: 1}, read with
     * {@link OptOutSignal#fromHeader}) sent by {@code subject}'s browser: a request to opt out of the sale and
     * sharing of their personal data (Cal. Code Regs. tit. 11 §7025). Appends one {@link Action#OPTED_OUT}
     * record per current, not retired purpose that declares a sale or sharing ({@link Purpose#saleOrSharing()}),
     * whatever its legal basis and the jurisdiction, atomically in one interaction; then does the same for every
     * account {@code subject} is linked to as the anonymous id ({@link #link}), since the signal applies to the
     * browser and to the account known to be behind it. From then on checks deny those purposes with
     * {@link DecisionReason#OPTED_OUT}, in opt-out jurisdictions too, until a later record of the person says
     * otherwise.
     *
     * <p>Each record shows its mechanism in fields every record has: the channel
     * {@link Channel#PREFERENCE_SIGNAL} and the collection point naming the signal ({@code GPC}); the
     * {@code context} must say so (start from {@link OptOutSignal#context()}) and supplies the jurisdiction,
     * actor, notice version and evidence (the request's IP address and user agent). The records enter the hash
     * chain, the change feed, relays and the access export like any other.
     *
     * <p>Idempotent by state, so it may be called on every request that carries the signal: a subject already
     * opted out of every such purpose gets no new record (its write in the result is empty). A grant given after
     * an opt-out is opted out again by the next call: the signal wins over an explicit opt-in; the result lists
     * each unexpired grant it overrode ({@link OptOutResult#conflicts()}), for the application to tell the person.
     * An erased or deceased subject gets nothing (everything is denied for it already).
     *
     * @return the writes, per subject, and the conflicts
     * @throws InvalidInputException if the subject id is invalid or the context does not describe the signal;
     *     nothing is written
     * @throws StoreUnavailableException if the store failed; calling again completes the opt-out
     */
    OptOutResult honourOptOutSignal(String subject, OptOutSignal signal, CollectionContext context);

    /**
     * The links in which {@code subject} is the anonymous id or the account id, oldest first.
     *
     * @throws StoreUnavailableException if the store failed
     */
    List<SubjectLink> links(String subject);

    /**
     * The writes of this ledger inside {@code transaction}, a transaction the caller owns (handed out by
     * a store that supports it, such as the JDBC store for a Jdbi {@code Handle} or a JDBC
     * {@code Connection}), so that the caller's own rows and the consent records commit or roll back
     * together. The cache and the listeners see the records only after the commit. See
     * {@link TransactionalLedger} for what a check sees before the commit, and for why conflicts are not
     * retried there.
     *
     * @return a view valid while the transaction is open; it writes nothing by itself
     */
    TransactionalLedger inTransaction(StoreTransaction transaction);

    /**
     * The subject's state now for every defined purpose, with the proving records. Reads the store.
     *
     * @throws StoreUnavailableException if the store failed
     */
    SubjectState currentState(String subject);

    /**
     * The subject's state at {@code instant} for every purpose defined then, with the proving records and
     * the purpose texts at the versions seen: what an auditor asks. Reads the subject's records once (one
     * subject's history, bypassing the cache, never a scan of the ledger); the purpose versions in force then
     * come from the registry in memory. {@link Enforcer#checkAt} answers the same for one purpose.
     *
     * @throws StoreUnavailableException if the store failed
     */
    SubjectState stateAt(String subject, Instant instant);

    /**
     * Every record of the subject, oldest first.
     *
     * @throws StoreUnavailableException if the store failed
     */
    List<ConsentRecord> history(String subject);

    /**
     * The record with id {@code recordId}, of whichever subject: the record a {@link Decision#recordId()}, a
     * proof or a receipt names. One indexed read of the store (never a scan of the ledger on the stock
     * stores), bypassing the cache. An erased subject's records are still found, without evidence (evidence
     * is not part of a record, and {@link #evidence(String)} has none left); an id the ledger does not hold
     * gives empty.
     *
     * @throws StoreUnavailableException if the store failed
     */
    java.util.Optional<ConsentRecord> findRecord(UUID recordId);

    /**
     * What the ledger holds about the subject, for an access request (GDPR Art. 15): the state now per
     * purpose, every record with its evidence, the purpose texts seen, the linked identifiers and the
     * lifecycle; {@link AccessExport#toJson()} gives the document to hand over. Reads the subject's records,
     * evidence and links (three store reads, each of this subject only); the state is derived from the same
     * records, as of the export's {@code generatedAt}. A subject without records gives an export with empty
     * history.
     *
     * @throws InvalidInputException if the subject id is invalid
     * @throws StoreUnavailableException if the store failed
     */
    AccessExport export(String subject);

    /**
     * The evidence still stored for the subject's records, by record id; records without evidence, and
     * every record of an erased subject, are absent.
     *
     * @throws StoreUnavailableException if the store failed
     */
    Map<UUID, Evidence> evidence(String subject);

    /**
     * Walks every subject's hash chain and reports each damaged record, then compares the store's current
     * state of each subject (the latest record per purpose, which checks decide on) with the records.
     * Reads the whole ledger in pages, and the current states in chunks of 1,000 subjects. Does not check
     * the evidence; {@link #verify(String)} does. See {@link VerificationReport} for what is detected.
     *
     * @throws StoreUnavailableException if the store failed
     */
    VerificationReport verify();

    /**
     * Walks one subject's hash chain, checks its stored evidence against the digests in its records, and
     * compares its current state with its records.
     *
     * @throws StoreUnavailableException if the store failed
     */
    VerificationReport verify(String subject);

    /**
     * The ledger's current checkpoint: the size and root of its Merkle tree (RFC 9162, the records' hashes in
     * position order) as a C2SP {@code tlog-checkpoint}, signed as a C2SP {@code signed-note} with the key of
     * {@link ConsentSystem.Builder#checkpointSigner}, whose name is the origin line. Published outside the
     * database (see {@link dev.consent.merkle.CheckpointPublisher}), checkpoints let an auditor detect what no
     * chain inside the database can: a truncated tail, a deleted subject, an older backup restored, a forged record.
     * One read of the ledger head; no scan.
     *
     * @throws IllegalStateException if no checkpoint signer is configured
     * @throws StoreUnavailableException if the store failed
     */
    dev.consent.merkle.SignedCheckpoint checkpoint();

    /**
     * The proof that record {@code recordId} is in the ledger's tree of {@code treeSize} records (a checkpoint's
     * size): RFC 9162 section 2.1.3, verified with {@link dev.consent.merkle.InclusionProof#verify} against the
     * checkpoint's root and the leaf {@code TreeHashes.leaf(record.hash())}. Reads the record and at most about
     * {@code 2 * log2(treeSize)} tree nodes, never the whole ledger.
     *
     * @throws InvalidInputException if the ledger holds no such record, or {@code treeSize} is before the record's
     *     position or beyond the ledger
     * @throws dev.consent.merkle.TreeDamagedException if records or tree nodes the proof needs were deleted around
     *     the library
     * @throws StoreUnavailableException if the store failed
     */
    dev.consent.merkle.InclusionProof proveInclusion(UUID recordId, long treeSize);

    /**
     * The proof that the ledger's tree of {@code laterSize} records extends its tree of {@code earlierSize}
     * (RFC 9162 section 2.1.4): what shows that nothing of an earlier checkpoint was changed or removed since.
     *
     * @throws InvalidInputException unless {@code 0 <= earlierSize <= laterSize <=} the ledger's size
     * @throws dev.consent.merkle.TreeDamagedException if records or tree nodes the proof needs were deleted around
     *     the library
     * @throws StoreUnavailableException if the store failed
     */
    dev.consent.merkle.ConsistencyProof proveConsistency(long earlierSize, long laterSize);

    /**
     * Checks that the ledger still extends {@code earlier}, a checkpoint taken before (whose signature the caller
     * checked, for example with {@link dev.consent.merkle.SignedCheckpoint#parse(String,
     * dev.consent.merkle.NoteVerifier)}): walks every record once, recomputing the tree, and reports positions that
     * hold no record, a tail the ledger lost, records that no longer hash to the checkpoint's root (located to
     * the 16 records of a tree node where the store's kept nodes allow), and a store tree that differs from its
     * records. {@code progress} is told the records read so far after each page.
     *
     * @throws StoreUnavailableException if the store failed
     */
    dev.consent.merkle.LogVerification verify(
            dev.consent.merkle.Checkpoint earlier, java.util.function.LongConsumer progress);

    /** {@link #verify(dev.consent.merkle.Checkpoint, java.util.function.LongConsumer)} without progress. */
    default dev.consent.merkle.LogVerification verify(dev.consent.merkle.Checkpoint earlier) {
        return verify(earlier, read -> {});
    }

    /** The highest ledger position written so far, 0 for an empty ledger. */
    long headPosition();
}
