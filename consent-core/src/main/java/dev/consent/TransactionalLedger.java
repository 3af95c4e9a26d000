package dev.consent;

/**
 * The writes of a {@link ConsentLedger} inside a transaction the caller owns, so that the application's
 * own rows (a sign-up, an order) and the consent records commit or roll back together. Obtained from
 * {@link ConsentLedger#inTransaction(dev.consent.spi.StoreTransaction)}; valid while that transaction is
 * open. Not thread-safe: it belongs to the thread that runs the transaction.
 *
 * <p>The writes are those of {@link ConsentWriter}. Each validates exactly as the same write on
 * {@link ConsentLedger}, reads the subject's current state inside the transaction (so a second write in
 * one transaction builds on the first), appends inside it and returns what it appended. A write after the
 * transaction has committed throws {@link IllegalStateException}. Nothing is committed, cached or told to
 * listeners by the write itself:
 *
 * <ul>
 *   <li><b>Before the commit</b>, checks on this system, on any thread and also on the writing thread,
 *       answer from the committed state, without the transaction's records: a grant written in the
 *       transaction does not allow yet, a withdrawal written in it does not deny yet. The position in the
 *       {@link WriteResult} is a freshness token ({@link Consistency#atLeast(long)}) only once committed;
 *       before that, no check can reach it.
 *   <li><b>At the commit</b>, once the transaction's after-commit actions have run (on the committing
 *       thread, as part of the commit), this system drops the cached snapshots of the subjects written, so
 *       every check that begins afterwards sees the committed records (read your writes from the commit
 *       on, even with loads racing the commit), and hands the changes to listeners, off the committing
 *       thread, in position order with the other changes of this system, except that a write of this
 *       system that completes between the commit and its after-commit actions can reach the listeners
 *       first (positions tell the true order).
 *   <li><b>On rollback</b> nothing happens: no record, no cache change, no listener call.
 * </ul>
 *
 * <p>Failures. No write here retries: a failed statement may abort the caller's transaction (PostgreSQL
 * aborts it on any error), so {@link ConcurrentUpdateException} (another writer appended to the subject
 * first) is thrown at once; roll back and run the whole transaction again. {@link StoreUnavailableException}
 * means the store failed inside the transaction; roll back, as for any failed statement. Bad input throws
 * {@link InvalidInputException} before anything is appended and leaves the transaction usable. An
 * interaction id the subject already has (committed, or written earlier in this transaction) is answered
 * with the records stored the first time ({@link WriteResult#replayed()}), read inside the transaction.
 *
 * <p>Savepoints: when the transaction rolls back to a savepoint, whoever manages it calls
 * {@link #rolledBackTo(Object)} with the mark taken when the savepoint was set, so the commit reports only
 * what it committed.
 *
 * <p>Erasure and death are not offered here: erasure deletes evidence outside any transaction, and both are
 * lifecycle events an application records on their own, through {@link ConsentLedger}.
 */
public interface TransactionalLedger extends ConsentWriter {

    /**
     * A mark of the writes made so far, for {@link #rolledBackTo(Object)}. A transaction manager takes one
     * when it sets a savepoint in the transaction (Spring's {@code NESTED} propagation, say).
     */
    Object savepoint();

    /**
     * Forgets the writes made after {@code savepoint} was taken, because the transaction rolled back to the
     * savepoint set with it: the commit then tells listeners nothing of them (they were never committed) and
     * the writes before it stand.
     *
     * @param savepoint a mark from {@link #savepoint()} of this ledger
     * @throws IllegalArgumentException if the mark is not one of this ledger's
     */
    void rolledBackTo(Object savepoint);
}
