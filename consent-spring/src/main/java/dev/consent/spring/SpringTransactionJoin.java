package dev.consent.spring;

import dev.consent.TransactionalLedger;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.TransactionCallbacks;
import dev.consent.spi.TransactionJoin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Joins the ledger's writes to the Spring-managed transaction of the calling thread (JPA, JDBC,
 * {@code TransactionTemplate}, {@code @Transactional}): the first consent write of a transaction takes the
 * transaction's connection for the application's {@code DataSource} (as {@code JdbcTemplate} would), and every
 * consent write of that transaction goes through it, so the records commit or roll back with the application's
 * own work. The cache and the listeners hear of them in Spring's after-commit callback, never before, and of
 * nothing a rollback undid.
 *
 * <ul>
 *   <li>{@code REQUIRED}, {@code SUPPORTS} inside a transaction, {@code MANDATORY}: the writes join it.
 *   <li>{@code REQUIRES_NEW}: the outer transaction is suspended with its consent writes; the inner one gets
 *       its own. A consent write in the inner transaction while the suspended outer one has written consent
 *       fails at once with {@link dev.consent.TransactionInProgressException}: it would wait for the outer
 *       transaction's ledger lock, held by the same thread.
 *   <li>{@code NESTED}: a savepoint of the same transaction; a rollback to it takes the consent records written
 *       after it out of what the commit tells listeners.
 *   <li>No transaction ({@code NOT_SUPPORTED}, {@code NEVER}, {@code SUPPORTS} outside one, no
 *       {@code @Transactional}): the write runs and commits in the ledger's own transaction.
 * </ul>
 *
 * <p>The transaction manager must manage the {@code DataSource} the store writes to
 * ({@code DataSourceTransactionManager}, {@code JdbcTransactionManager} or {@code JpaTransactionManager} over
 * it, as Spring Boot configures them); a write in a transaction of another resource is refused with an
 * {@link IllegalStateException} naming the cause.
 */
public final class SpringTransactionJoin implements TransactionJoin {
    private final DataSource dataSource;
    private final JdbcConsentStore store;

    /**
     * @param dataSource the data source the store writes to, whose transactions the writes join
     * @param store the store over that data source
     */
    public SpringTransactionJoin(DataSource dataSource, JdbcConsentStore store) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public @Nullable TransactionalLedger joined(Function<StoreTransaction, TransactionalLedger> open) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        Joined bound = (Joined) TransactionSynchronizationManager.getResource(this);
        if (bound != null) {
            return bound.ledger();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        boolean transactional = DataSourceUtils.isConnectionTransactional(connection, dataSource);
        DataSourceUtils.releaseConnection(connection, dataSource); // a transaction's connection stays bound
        if (!transactional || autoCommit(connection)) {
            throw new IllegalStateException("the Spring transaction of this thread does not run on the DataSource the"
                    + " consent store writes to (its transaction manager manages another resource), so a consent"
                    + " write cannot join it; use a DataSourceTransactionManager or JpaTransactionManager over that"
                    + " DataSource, or write outside the transaction");
        }
        Joined joined = new Joined(this);
        joined.ledger = open.apply(store.transaction(connection, joined));
        joined.outermost = joined.ledger.savepoint();
        TransactionSynchronizationManager.bindResource(this, joined);
        TransactionSynchronizationManager.registerSynchronization(joined);
        return joined.ledger;
    }

    private static boolean autoCommit(Connection connection) {
        try {
            return connection.getAutoCommit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not inspect the transaction's connection", e);
        }
    }

    /** The consent writes of one Spring transaction: its callbacks for the library and its synchronization. */
    private static final class Joined implements TransactionSynchronization, TransactionCallbacks {
        private static final Logger LOG = LoggerFactory.getLogger(SpringTransactionJoin.class);

        private final SpringTransactionJoin key;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<Runnable> afterCompletion = new ArrayList<>();
        /** The ledger's mark when each savepoint set after the first write was set. */
        private final Map<Object, Object> marks = new IdentityHashMap<>();

        private @Nullable TransactionalLedger ledger;
        /** The mark before the first write: savepoints set earlier roll every write back. */
        private @Nullable Object outermost;

        Joined(SpringTransactionJoin key) {
            this.key = key;
        }

        TransactionalLedger ledger() {
            return Objects.requireNonNull(ledger, "ledger");
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(Objects.requireNonNull(action, "action"));
        }

        @Override
        public void afterCompletion(Runnable action) {
            afterCompletion.add(Objects.requireNonNull(action, "action"));
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(key, this);
        }

        @Override
        public void savepoint(Object savepoint) {
            marks.put(savepoint, ledger().savepoint());
        }

        @Override
        public void savepointRollback(Object savepoint) {
            Object mark = marks.get(savepoint);
            ledger().rolledBackTo(mark != null ? mark : Objects.requireNonNull(outermost, "outermost"));
        }

        @Override
        public void afterCommit() {
            run(afterCommit);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
            if (status != STATUS_COMMITTED) {
                afterCommit.clear();
            }
            run(afterCompletion);
        }

        private static void run(List<Runnable> actions) {
            List<Runnable> now = List.copyOf(actions);
            actions.clear();
            for (Runnable action : now) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn(
                            "a consent action after the end of a Spring transaction failed; the transaction stands", e);
                }
            }
        }
    }
}
