package dev.consent.benchmarks;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Physical connections to {@code url} that count what is asked of them: statements executed, commits,
 * rollbacks, statements run in auto-commit mode (each its own transaction), and every other call on the
 * connection by name (isolation-level probes, auto-commit switches). Given to the pool as its data source, it
 * counts the pool's own calls too, as the database sees them.
 */
final class CountingDataSource implements DataSource {
    private final String url;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    CountingDataSource(String url) {
        this.url = url;
    }

    /** Sets every count to zero. */
    void reset() {
        calls.clear();
    }

    /**
     * The count of {@code what}: a connection method's name, or "statement", "autocommit statement" (a statement
     * in auto-commit mode outside a transaction begun with {@code START TRANSACTION}); a {@code COMMIT} or
     * {@code ROLLBACK} statement counts as "commit" or "rollback".
     */
    long count(String what) {
        LongAdder a = calls.get(what);
        return a == null ? 0 : a.sum();
    }

    /** Every count, by name. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void add(String what) {
        calls.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = DriverManager.getConnection(url);
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                new Counted(real, real.getAutoCommit()));
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return getConnection();
    }

    /** A connection that counts, and hands out statements that count. */
    private final class Counted implements InvocationHandler {
        private final Connection real;
        private volatile boolean autoCommit;
        /** Whether a transaction was begun with a START TRANSACTION statement while in auto-commit mode. */
        private volatile boolean explicit;

        Counted(Connection real, boolean autoCommit) {
            this.real = real;
            this.autoCommit = autoCommit;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("setAutoCommit")) {
                autoCommit = (Boolean) args[0];
            }
            if (!name.equals("close")
                    && !name.equals("isClosed")
                    && !name.equals("unwrap")
                    && !name.equals("isWrapperFor")) {
                add(name);
            }
            Object result = call(real, method, args);
            if (result instanceof Statement st) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), interfaces(st), (p, m, a) -> {
                    if (m.getName().startsWith("execute")) {
                        add("statement");
                        String sql = a != null && a.length > 0 && a[0] instanceof String text
                                ? text.strip().toUpperCase(java.util.Locale.ROOT)
                                : "";
                        if (sql.equals("START TRANSACTION") || sql.equals("BEGIN")) {
                            explicit = true;
                        } else if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
                            // a transaction ended by a statement counts as the method would
                            explicit = false;
                            add(sql.toLowerCase(java.util.Locale.ROOT));
                        } else if (autoCommit && !explicit) {
                            add("autocommit statement");
                        }
                    }
                    return call(st, m, a);
                });
            }
            return result;
        }
    }

    private static Class<?>[] interfaces(Statement st) {
        if (st instanceof java.sql.CallableStatement) {
            return new Class<?>[] {java.sql.CallableStatement.class};
        }
        if (st instanceof java.sql.PreparedStatement) {
            return new Class<?>[] {java.sql.PreparedStatement.class};
        }
        return new Class<?>[] {Statement.class};
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
