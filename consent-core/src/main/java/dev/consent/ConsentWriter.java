package dev.consent;

/**
 * The decisions a person makes about purposes, written to the ledger: the writes that {@link ConsentLedger}
 * and {@link TransactionalLedger} share. Each write validates its input before anything is written, is
 * atomic (all its records or none) and returns what it wrote with its ledger position. Where the records go
 * and when they count differ: a {@link ConsentLedger} commits each write before it returns (checks on its
 * system see it at once); a {@link TransactionalLedger} appends inside the caller's transaction, and checks
 * see the records once that transaction has committed. Each interface's own Javadoc states its
 * thread-safety and failure handling.
 */
public interface ConsentWriter {
    /**
     * Appends the decisions of one interaction atomically. If the subject already has an interaction
     * with the same id, nothing is written and the records stored the first time are returned
     * ({@link WriteResult#replayed()}).
     *
     * @throws InvalidInputException if any decision is invalid; nothing is written
     * @throws ConcurrentUpdateException if another writer appended to the subject first: after the ledger's
     *     retries ({@link ConsentLedger}), or at once (in a transaction: roll back and retry it)
     * @throws StoreUnavailableException if the store failed
     * @throws IllegalStateException if the write is inside a transaction that has already committed
     */
    WriteResult record(Interaction interaction);

    /**
     * Records that {@code subject} granted consent to the current version of {@code purposeId}.
     *
     * @throws InvalidInputException as {@link #record(Interaction)}, which also lists the other exceptions
     */
    WriteResult grant(String subject, String purposeId, CollectionContext context);

    /**
     * Records that {@code subject} refused consent to {@code purposeId} when asked.
     *
     * @throws InvalidInputException as {@link #record(Interaction)}, which also lists the other exceptions
     */
    WriteResult deny(String subject, String purposeId, CollectionContext context);

    /**
     * Records that {@code subject} withdrew consent to {@code purposeId}. Once the write counts (when it
     * returns, or when its transaction commits), no check on this system allows the purpose for the
     * subject.
     *
     * @throws InvalidInputException as {@link #record(Interaction)}, which also lists the other exceptions
     */
    WriteResult withdraw(String subject, String purposeId, CollectionContext context);

    /**
     * Records that {@code subject} objected to processing for the legitimate-interest purpose
     * {@code purposeId}. Once the write counts, no check on this system allows it.
     *
     * @throws InvalidInputException as {@link #record(Interaction)}, which also lists the other exceptions
     */
    WriteResult object(String subject, String purposeId, CollectionContext context);

    /**
     * Records that {@code subject} took back an objection to {@code purposeId}.
     *
     * @throws InvalidInputException as {@link #record(Interaction)}, which also lists the other exceptions
     */
    WriteResult withdrawObjection(String subject, String purposeId, CollectionContext context);
}
