package dev.consent.jdbc;

import dev.consent.StoreUnavailableException;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * On H2, the appends of this JVM to one database run one at a time, each in its own transaction from start to
 * commit. H2 serialises them on the ledger-head row lock too, but it may answer a waited-for row lock with data
 * older than the commit it waited for; appends that then raced on H2 files were seen to leave a record missing
 * from the subject index after the loser's rollback (the reliability suites found it: current state pointing at
 * a record the subject's history no longer listed, and writers retrying forever). Appends inside a caller's
 * transaction are not covered. Keyed by the database's JDBC URL, so stores over separate pools share the lock.
 */
final class H2AppendLock {
    private static final ConcurrentHashMap<String, ReentrantLock> BY_DATABASE = new ConcurrentHashMap<>();

    private final ReentrantLock lock;
    private final int timeoutSeconds;

    private H2AppendLock(ReentrantLock lock, int timeoutSeconds) {
        this.lock = lock;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The lock of the H2 database {@code jdbi} connects to, waited for at most {@code timeoutSeconds}.
     *
     * @throws StoreUnavailableException if the database's URL cannot be read
     */
    static H2AppendLock of(Jdbi jdbi, int timeoutSeconds) {
        return new H2AppendLock(BY_DATABASE.computeIfAbsent(url(jdbi), k -> new ReentrantLock()), timeoutSeconds);
    }

    private static String url(Jdbi jdbi) {
        try {
            return jdbi.withHandle(h -> h.getConnection().getMetaData().getURL());
        } catch (SQLException | RuntimeException e) {
            throw new StoreUnavailableException("could not read the database URL", e);
        }
    }

    /**
     * Runs the append (a whole transaction) holding the lock.
     *
     * @throws StoreUnavailableException if other appends held the lock past the timeout, or the wait was
     *     interrupted; the append did not run then
     */
    <T> T around(Supplier<T> append) {
        try {
            if (!lock.tryLock(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException(
                        "other appends to the database held it for more than " + timeoutSeconds
                                + " s; retrying with the same interaction id is safe",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for other appends", e);
        }
        try {
            return append.get();
        } finally {
            lock.unlock();
        }
    }
}
