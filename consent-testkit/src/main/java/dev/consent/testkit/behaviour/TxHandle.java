package dev.consent.testkit.behaviour;

import dev.consent.spi.StoreTransaction;

/**
 * A transaction a store module opened for {@link TransactionContract}: what an application holds (a Jdbi
 * {@code Handle} in a transaction, a JDBC {@code Connection} with auto-commit off) with the store's view of
 * it. The suite ends every handle exactly once, with {@link #commit()} or {@link #rollback()}, on the
 * thread that opened it.
 */
public interface TxHandle {
    /** The store's view of the transaction, handed to {@code ConsentLedger.inTransaction}. */
    StoreTransaction transaction();

    /**
     * Commits, runs the after-commit actions registered with {@link #transaction()}, and releases what the
     * transaction holds (its connection, its locks).
     */
    void commit();

    /** Rolls back and releases what the transaction holds; no after-commit action runs. */
    void rollback();
}
