package dev.consent.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts, exactly, what reaches the database through it: transactions (each commit and
 * rollback, whether called or run as a statement, and each statement run in auto-commit mode outside a transaction
 * begun with {@code START TRANSACTION}, which is a transaction of its own), statements run,
 * and isolation-level probes and settings (each a round trip on PostgreSQL).
 */
final class CountingDataSource {
    private static final Set<String> EXECUTES = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeBatch", "executeLargeUpdate");

    final AtomicInteger transactions = new AtomicInteger();
    final AtomicInteger statements = new AtomicInteger();
    final AtomicInteger isolationCalls = new AtomicInteger();
    private final DataSource proxy;

    CountingDataSource(DataSource target) {
        this.proxy = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object out = invoke(target, m, args);
                    return out instanceof Connection c ? connection(c) : out;
                });
    }

    DataSource dataSource() {
        return proxy;
    }

    /** Sets every count to zero. */
    void reset() {
        transactions.set(0);
        statements.set(0);
        isolationCalls.set(0);
    }

    private Connection connection(Connection target) {
        // whether a transaction was begun with a statement (START TRANSACTION) on a connection in auto-commit mode
        boolean[] explicit = new boolean[1];
        InvocationHandler h = (p, m, args) -> {
            String name = m.getName();
            switch (name) {
                case "commit", "rollback" -> {
                    if (args == null || args.length == 0) {
                        transactions.incrementAndGet();
                    }
                }
                case "getTransactionIsolation", "setTransactionIsolation" -> isolationCalls.incrementAndGet();
                default -> {}
            }
            Object out = invoke(target, m, args);
            if (out instanceof Statement s) {
                return statement(s, target, explicit);
            }
            return out;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private Statement statement(Statement target, Connection connection, boolean[] explicit) {
        Class<?> type = target instanceof java.sql.CallableStatement
                ? java.sql.CallableStatement.class
                : target instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        InvocationHandler h = (p, m, args) -> {
            if (EXECUTES.contains(m.getName())) {
                statements.incrementAndGet();
                String sql = args != null && args.length > 0 && args[0] instanceof String text
                        ? text.strip().toUpperCase(java.util.Locale.ROOT)
                        : "";
                if (sql.equals("START TRANSACTION") || sql.equals("BEGIN")) {
                    explicit[0] = true;
                } else if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
                    explicit[0] = false;
                    transactions.incrementAndGet();
                } else if (connection.getAutoCommit() && !explicit[0]) {
                    transactions.incrementAndGet();
                }
            }
            return invoke(target, m, args);
        };
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, h);
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
