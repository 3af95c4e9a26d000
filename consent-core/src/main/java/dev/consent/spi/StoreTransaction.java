package dev.consent.spi;

import dev.consent.ConsentRecord;
import java.util.List;

/**
 * A transaction owned by the caller (an application's own database transaction) that a store can write
 * the ledger in, so that the application's rows and the consent records commit or roll back together.
 * A store that supports this hands out implementations (the JDBC store does, for a Jdbi {@code Handle} or
 * a JDBC {@code Connection}); the ledger writes through it with
 * {@code ConsentLedger.inTransaction(StoreTransaction)}.
 *
 * <p>Reads see the transaction's own uncommitted appends. Nothing is visible to other transactions, to
 * the cache or to listeners before the caller commits. Not thread-safe: a transaction belongs to the
 * thread that runs it.
 */
public interface StoreTransaction {

    /**
     * {@link ConsentStore#append(List)} inside the transaction: the same checks and the same positions,
     * but nothing is committed. A failure may leave the caller's transaction unusable (PostgreSQL aborts a
     * transaction on any error): the caller rolls back and, for a conflict, retries the whole transaction.
     * A duplicate interaction, though, should be found before anything is written and leave the
     * transaction usable (PostgreSQL: check before inserting, or insert under a savepoint): the ledger
     * answers it by reading the interaction's records inside the transaction.
     */
    List<ConsentRecord> append(List<SubjectAppend> appends);

    /** {@link ConsentStore#loadCurrentState(String)} inside the transaction. */
    CurrentState loadCurrentState(String subject);

    /** {@link ConsentStore#readSubject(String)} inside the transaction. */
    List<ConsentRecord> readSubject(String subject);

    /**
     * Runs {@code action} once the caller's transaction has committed, on the committing thread, and never
     * if it rolls back. An action that throws is logged and does not affect the commit or other actions.
     */
    void afterCommit(Runnable action);
}
