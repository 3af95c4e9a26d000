package dev.consent.jdbc;

import dev.consent.spi.TransactionCallbacks;
import java.sql.Connection;
import java.util.Objects;

/**
 * The ledger inside a transaction that a transaction manager runs on a JDBC connection and ends itself (Spring,
 * Jakarta Transactions, an application's unit of work): the manager's {@link TransactionCallbacks} carry the
 * after-commit work and the end of the transaction. The connection stays the manager's: this never commits,
 * rolls back or closes it.
 */
final class ManagedTransaction extends HandleTransaction {
    private final TransactionCallbacks callbacks;

    ManagedTransaction(Connection connection, TransactionCallbacks callbacks, LedgerSql ledger) {
        super(JdbcTransaction.open(connection), ledger);
        this.callbacks = callbacks;
    }

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        callbacks.afterCommit(() -> runGuarded(action));
    }

    @Override
    void whenEnded(Runnable action) {
        callbacks.afterCompletion(() -> runGuarded(action));
    }
}
