package dev.consent.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * A data source whose connections, on a share of commits, commit and then fail as if the connection dropped
 * before the database's acknowledgement arrived: the transaction is durable, the caller sees an error.
 */
final class LossyDataSource {
    private final DataSource delegate;
    private final double share;
    private final SplittableRandom random;
    private final LongAdder dropped = new LongAdder();

    LossyDataSource(DataSource delegate, double share, long seed) {
        this.delegate = delegate;
        this.share = share;
        this.random = new SplittableRandom(seed);
    }

    /** How many commits were acknowledged with an error. */
    long dropped() {
        return dropped.sum();
    }

    /** The data source to hand to a store. */
    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(delegate, method, args);
                    return method.getName().equals("getConnection") ? lossy((Connection) result) : result;
                });
    }

    private Connection lossy(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("commit") && drop()) {
                        dropped.increment();
                        throw new SQLNonTransientConnectionException(
                                "simulated: connection reset after commit", "08006");
                    }
                    return result;
                });
    }

    private synchronized boolean drop() {
        return random.nextDouble() < share;
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
