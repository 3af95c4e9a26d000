package dev.consent.spi;

/**
 * How a transaction manager tells a store transaction that its transaction has ended, for
 * {@code JdbcConsentStore.transaction(Connection, TransactionCallbacks)}: the library registers the work that
 * must follow the commit (dropping cached snapshots, telling listeners) and what ends with the transaction
 * either way, and the transaction manager runs them. Spring's {@code TransactionSynchronization}, Jakarta
 * Transactions' {@code Synchronization} or an application's own unit of work implement it in a few lines.
 *
 * <p>The actions must run on the thread that ran the transaction (the library's guard against a second,
 * waiting write on that thread is kept per thread), after the transaction has ended, each once.
 */
public interface TransactionCallbacks {

    /** Runs {@code action} once the transaction has committed; never if it rolls back. */
    void afterCommit(Runnable action);

    /** Runs {@code action} once the transaction has ended, committed or rolled back, after any after-commit action. */
    void afterCompletion(Runnable action);
}
