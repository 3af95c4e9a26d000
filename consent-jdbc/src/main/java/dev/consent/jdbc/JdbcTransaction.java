package dev.consent.jdbc;

import dev.consent.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;

/**
 * The ledger inside an application's plain JDBC transaction, from
 * {@link JdbcConsentStore#transaction(Connection)}. Write through
 * {@code consent.ledger().inTransaction(tx)}, then end the transaction with {@link #commit()} or
 * {@link #rollback()}, so the cache and listeners hear of the records right after the commit. The connection
 * stays the application's: this never closes it. Not thread-safe.
 *
 * <pre>{@code
 * connection.setAutoCommit(false);
 * insertAccount(connection, account);                             // the application's own statement
 * JdbcTransaction tx = store.transaction(connection);
 * consent.ledger().inTransaction(tx).grant(account.id(), "marketing.email", context);
 * tx.commit();                                                    // both, or neither
 * }</pre>
 */
public final class JdbcTransaction extends HandleTransaction {
    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> whenEnded = new ArrayList<>();

    JdbcTransaction(Connection connection, LedgerSql ledger) {
        super(open(connection), ledger);
        this.connection = connection;
    }

    static org.jdbi.v3.core.Handle open(Connection connection) {
        Jdbi jdbi = Jdbi.create(new org.jdbi.v3.core.ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return connection;
            }

            @Override
            public void closeConnection(Connection toClose) {
                // the application's connection: never closed here
            }
        });
        jdbi.getConfig(Handles.class).setForceEndTransactions(false);
        return jdbi.open();
    }

    /** Registers an action for after {@link #commit()}; it never runs when the transaction rolls back. */
    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(Objects.requireNonNull(action, "action"));
    }

    @Override
    void whenEnded(Runnable action) {
        whenEnded.add(action);
    }

    private void ended() {
        List<Runnable> actions = List.copyOf(whenEnded);
        whenEnded.clear();
        actions.forEach(HandleTransaction::runGuarded);
    }

    /**
     * Commits the connection, then runs the after-commit actions (the cache update and listener delivery).
     *
     * @throws StoreUnavailableException if the commit failed; the actions do not run then
     */
    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            afterCommit.clear();
            ended();
            throw new StoreUnavailableException("could not commit the transaction", e);
        }
        List<Runnable> actions = List.copyOf(afterCommit);
        afterCommit.clear();
        ended();
        actions.forEach(HandleTransaction::runGuarded);
    }

    /**
     * Rolls the connection back and forgets the after-commit actions.
     *
     * @throws StoreUnavailableException if the rollback failed
     */
    public void rollback() {
        afterCommit.clear();
        ended();
        try {
            connection.rollback();
        } catch (SQLException e) {
            throw new StoreUnavailableException("could not roll the transaction back", e);
        }
    }
}
