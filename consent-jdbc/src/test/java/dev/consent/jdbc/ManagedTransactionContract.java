package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentChange;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.TransactionInProgressException;
import dev.consent.TransactionalLedger;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.TransactionCallbacks;
import dev.consent.spi.TransactionJoin;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger inside a transaction that a transaction manager runs and ends ({@code transaction(Connection,
 * TransactionCallbacks)}), with a minimal manager written here as an application would: the records commit
 * or roll back with the manager's transaction, the cache and listeners hear of them from its after-commit
 * callbacks, a savepoint rolled back takes its records out of what listeners hear, writes join the thread's
 * transaction through a {@link TransactionJoin}, and a second write of the same thread that would wait for
 * the open transaction fails at once.
 */
abstract class ManagedTransactionContract {
    private TestStore tables;
    private ConsentSystem consent;
    private Jdbi jdbi;
    private String accounts;
    private final List<ConsentChange> heard = new CopyOnWriteArrayList<>();
    /** The transaction of the test's thread that {@link #consent}'s join joins, if any. */
    private final ThreadLocal<@Nullable Unit> current = new ThreadLocal<>();

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        tables = database().newStore();
        jdbi = Jdbi.create(database().pool());
        accounts = tables.jdbc().tablePrefix() + "app_account";
        jdbi.useHandle(h -> h.execute("CREATE TABLE " + accounts + " (id VARCHAR(100) PRIMARY KEY)"));
        Executor direct = Runnable::run;
        consent = ConsentSystem.builder()
                .store(tables.jdbc())
                .feedPollInterval(Duration.ZERO)
                .listenerExecutor(direct)
                .transactionJoin(this::joined)
                .build();
        Fixtures.defineStandard(consent.purposes());
        consent.subscribe(heard::add);
    }

    @AfterEach
    void close() {
        current.remove();
        consent.close();
        jdbi.useHandle(h -> h.execute("DROP TABLE " + accounts));
        tables.close();
    }

    @Test
    void recordsCommitWithTheManagersTransaction_andTheCacheAndListenersHearAtItsCommit() throws Exception {
        assertThat(consent.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        try (Unit unit = new Unit()) {
            insertAccount(unit.connection, "user-1");
            consent.ledger().inTransaction(unit.storeTransaction()).grant("user-1", EMAIL, WEB);
            assertThat(consent.enforcer().check("user-1", EMAIL).reason())
                    .as("before the commit")
                    .isEqualTo(DecisionReason.NO_CONSENT);
            assertThat(heard).isEmpty();
            unit.commit();
        }
        assertThat(accountCount()).isOne();
        assertThat(consent.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(heard).extracting(ConsentChange::subject).containsExactly("user-1");
    }

    @Test
    void aRollback_leavesNeitherTheAccountNorTheConsent_andTellsNoOne() throws Exception {
        try (Unit unit = new Unit()) {
            insertAccount(unit.connection, "user-2");
            consent.ledger().inTransaction(unit.storeTransaction()).grant("user-2", EMAIL, WEB);
            unit.rollback();
        }
        assertThat(accountCount()).isZero();
        assertThat(consent.ledger().history("user-2")).isEmpty();
        assertThat(consent.enforcer().check("user-2", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(heard).isEmpty();
    }

    @Test
    void writesJoinTheThreadsTransaction_throughTheJoin_andRollBackWithIt() throws Exception {
        try (Unit unit = new Unit()) {
            current.set(unit);
            insertAccount(unit.connection, "user-3");
            consent.ledger().grant("user-3", EMAIL, WEB);
            consent.ledger().grant("user-3", SMS, WEB); // the second builds on the first, in the same transaction
            unit.rollback();
            current.remove();
        }
        assertThat(consent.ledger().history("user-3")).isEmpty();
        assertThat(heard).isEmpty();

        try (Unit unit = new Unit()) {
            current.set(unit);
            consent.ledger().grant("user-3", EMAIL, WEB);
            consent.ledger().grant("user-3", SMS, WEB);
            unit.commit();
            current.remove();
        }
        assertThat(consent.ledger().history("user-3")).hasSize(2);
        assertThat(consent.enforcer().check("user-3", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(heard).hasSize(2);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    @Test
    void aSavepointRolledBack_takesItsRecordsOutOfWhatListenersHear() throws Exception {
        try (Unit unit = new Unit()) {
            TransactionalLedger ledger = consent.ledger().inTransaction(unit.storeTransaction());
            ledger.grant("user-4", EMAIL, WEB);
            Savepoint savepoint = unit.connection.setSavepoint();
            Object mark = ledger.savepoint();
            ledger.grant("user-4", SMS, WEB);
            unit.connection.rollback(savepoint);
            ledger.rolledBackTo(mark);
            unit.commit();
        }
        assertThat(consent.ledger().history("user-4")).hasSize(1);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).records()).extracting(r -> r.purposeId()).containsExactly(EMAIL);
        assertThat(consent.enforcer().check("user-4", SMS).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    @Test
    void aSavepointOfAnotherLedger_isRefused() throws Exception {
        try (Unit a = new Unit()) {
            TransactionalLedger one = consent.ledger().inTransaction(a.storeTransaction());
            TransactionalLedger two = consent.ledger().inTransaction(a.storeTransaction());
            Object mark = one.savepoint();
            assertThatThrownBy(() -> two.rolledBackTo(mark)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> two.rolledBackTo("not a mark")).isInstanceOf(IllegalArgumentException.class);
            a.rollback();
        }
    }

    /**
     * Regression: a consent write of a thread whose open transaction had written consent waited for the
     * ledger-head lock that transaction holds (5 s), then failed as a store outage.
     */
    @Test
    void aSecondWriteOfTheSameThread_outsideItsOpenTransaction_failsAtOnce_andWritesNothing() throws Exception {
        try (Unit outer = new Unit()) {
            consent.ledger().inTransaction(outer.storeTransaction()).grant("user-5", EMAIL, WEB);
            long started = System.nanoTime();
            assertThatThrownBy(() -> consent.ledger().grant("user-6", EMAIL, WEB))
                    .isInstanceOf(TransactionInProgressException.class)
                    .hasMessageContaining("write in the open transaction");
            try (Unit inner = new Unit()) { // a second transaction of the same thread: REQUIRES_NEW
                assertThatThrownBy(() -> consent.ledger()
                                .inTransaction(inner.storeTransaction())
                                .grant("user-7", EMAIL, WEB))
                        .isInstanceOf(TransactionInProgressException.class);
                inner.rollback();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("failed without waiting for the lock")
                    .isLessThan(Duration.ofSeconds(3));
            outer.commit();
        }
        assertThat(consent.ledger().history("user-6")).isEmpty();
        assertThat(consent.ledger().history("user-7")).isEmpty();

        consent.ledger().grant("user-6", EMAIL, WEB); // once the transaction has ended, the thread writes again
        assertThat(consent.ledger().history("user-6")).hasSize(1);
    }

    @Test
    void aTransactionThatWroteNothing_doesNotStopTheThreadsOtherWrites() throws Exception {
        try (Unit outer = new Unit()) {
            insertAccount(outer.connection, "user-8");
            consent.ledger().inTransaction(outer.storeTransaction()); // opened, nothing written
            consent.ledger().grant("user-8", EMAIL, WEB); // its own transaction
            outer.commit();
        }
        assertThat(consent.ledger().history("user-8")).hasSize(1);
    }

    @Test
    void aJdbcTransactionRolledBack_releasesTheThread() throws Exception {
        try (Connection c = database().pool().getConnection()) {
            c.setAutoCommit(false);
            JdbcTransaction tx = tables.jdbc().transaction(c);
            consent.ledger().inTransaction(tx).grant("user-9", EMAIL, WEB);
            assertThatThrownBy(() -> consent.ledger().grant("user-10", EMAIL, WEB))
                    .isInstanceOf(TransactionInProgressException.class);
            tx.rollback();
        }
        consent.ledger().grant("user-10", EMAIL, WEB);
        assertThat(consent.ledger().history("user-10")).hasSize(1);
        assertThat(consent.ledger().history("user-9")).isEmpty();
    }

    @Test
    void anotherThread_isNotRefused_butWaitsForTheCommit() throws Exception {
        try (Unit outer = new Unit()) {
            consent.ledger().inTransaction(outer.storeTransaction()).grant("user-11", EMAIL, WEB);
            Thread other = new Thread(() -> consent.ledger().grant("user-12", EMAIL, WEB));
            other.start();
            other.join(300);
            assertThat(other.isAlive())
                    .as("waits for the open transaction's head lock")
                    .isTrue();
            outer.commit();
            other.join(10_000);
            assertThat(other.isAlive()).isFalse();
        }
        assertThat(consent.ledger().history("user-12")).hasSize(1);
    }

    private @Nullable TransactionalLedger joined(Function<StoreTransaction, TransactionalLedger> open) {
        Unit unit = current.get();
        if (unit == null) {
            return null;
        }
        if (unit.joined == null) {
            unit.joined = open.apply(unit.storeTransaction());
        }
        return unit.joined;
    }

    /** A minimal transaction manager's unit of work: a connection out of auto-commit and its callbacks. */
    private final class Unit implements TransactionCallbacks, AutoCloseable {
        final Connection connection;
        private final List<Runnable> afterCommit = new ArrayList<>();
        private final List<Runnable> afterCompletion = new ArrayList<>();

        @Nullable
        TransactionalLedger joined;

        private @Nullable StoreTransaction storeTransaction;

        Unit() throws SQLException {
            connection = database().pool().getConnection();
            connection.setAutoCommit(false);
        }

        StoreTransaction storeTransaction() {
            if (storeTransaction == null) {
                storeTransaction = tables.jdbc().transaction(connection, this);
            }
            return storeTransaction;
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        @Override
        public void afterCompletion(Runnable action) {
            afterCompletion.add(action);
        }

        void commit() throws SQLException {
            connection.commit();
            afterCommit.forEach(Runnable::run);
            afterCompletion.forEach(Runnable::run);
            afterCommit.clear();
            afterCompletion.clear();
        }

        void rollback() throws SQLException {
            connection.rollback();
            afterCompletion.forEach(Runnable::run);
            afterCommit.clear();
            afterCompletion.clear();
        }

        @Override
        public void close() throws SQLException {
            if (!afterCompletion.isEmpty()) {
                rollback();
            }
            connection.setAutoCommit(true);
            connection.close();
        }
    }

    private void insertAccount(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + accounts + " (id) VALUES (?)")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    private int accountCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + accounts)
                .mapTo(Integer.class)
                .one());
    }
}
