package dev.consent.jdbc;

import dev.consent.testkit.behaviour.ForwardingStore;

/**
 * A JDBC store made for one test: closing it hands its tables back to the {@link TestDatabase} (emptied
 * before their next use). It can simulate the database going down.
 */
final class TestStore extends ForwardingStore {
    private final JdbcConsentStore jdbc;
    private final SwitchableDataSource dataSource;
    private final Runnable release;
    private boolean closed;

    TestStore(JdbcConsentStore jdbc, SwitchableDataSource dataSource, Runnable release) {
        super(jdbc);
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.release = release;
    }

    JdbcConsentStore jdbc() {
        return jdbc;
    }

    SwitchableDataSource dataSource() {
        return dataSource;
    }

    @Override
    public String toString() {
        return jdbc.toString();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            dataSource.comeBack();
            release.run();
        }
    }
}
