package dev.consent.jdbc;

import dev.consent.spi.StoreTransaction;
import dev.consent.testkit.behaviour.TxHandle;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A transaction an application opens on a JDBC connection, committed through {@link JdbcTransaction}. */
final class ConnectionTransaction implements TxHandle {
    private final Connection connection;
    private final JdbcTransaction transaction;

    private ConnectionTransaction(Connection connection, JdbcTransaction transaction) {
        this.connection = connection;
        this.transaction = transaction;
    }

    /** Takes a connection from {@code pool}, turns auto-commit off and hands it to {@code store}. */
    static TxHandle begin(DataSource pool, JdbcConsentStore store) {
        try {
            Connection connection = pool.getConnection();
            connection.setAutoCommit(false);
            return new ConnectionTransaction(connection, store.transaction(connection));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public StoreTransaction transaction() {
        return transaction;
    }

    @Override
    public void commit() {
        try {
            transaction.commit();
        } finally {
            close();
        }
    }

    @Override
    public void rollback() {
        try {
            transaction.rollback();
        } finally {
            close();
        }
    }

    private void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
