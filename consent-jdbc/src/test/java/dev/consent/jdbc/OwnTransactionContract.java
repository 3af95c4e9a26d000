package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.StoreUnavailableException;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An application's own row (an account) and the consent records written in the same transaction commit or
 * roll back together, through Jdbi and through plain JDBC.
 */
abstract class OwnTransactionContract {
    private TestStore tables;
    private ConsentSystem consent;
    private Jdbi jdbi;
    private String accounts;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        tables = database().newStore();
        jdbi = Jdbi.create(database().pool());
        accounts = tables.jdbc().tablePrefix() + "app_account";
        jdbi.useHandle(h -> h.execute("CREATE TABLE " + accounts + " (id VARCHAR(100) PRIMARY KEY)"));
        consent = ConsentSystem.builder()
                .store(tables.jdbc())
                .feedPollInterval(Duration.ZERO)
                .build();
        Fixtures.defineStandard(consent.purposes());
    }

    @AfterEach
    void close() {
        consent.close();
        jdbi.useHandle(h -> h.execute("DROP TABLE " + accounts));
        tables.close();
    }

    @Test
    void jdbiTransaction_thatFails_keepsNeitherTheAccountNorTheConsent_andOneThatCommits_keepsBoth() {
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
                    h.execute("INSERT INTO " + accounts + " (id) VALUES (?)", "user-1");
                    consent.ledger().inTransaction(tables.jdbc().transaction(h)).grant("user-1", EMAIL, WEB);
                    throw new IllegalStateException("sign-up failed after the consent was written");
                }))
                .hasMessageContaining("sign-up failed");
        assertThat(accountCount()).isZero();
        assertThat(consent.ledger().history("user-1")).isEmpty();
        assertThat(consent.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);

        jdbi.useTransaction(h -> {
            h.execute("INSERT INTO " + accounts + " (id) VALUES (?)", "user-1");
            consent.ledger().inTransaction(tables.jdbc().transaction(h)).grant("user-1", EMAIL, WEB);
        });
        assertThat(accountCount()).isOne();
        assertThat(consent.ledger().history("user-1")).hasSize(1);
        assertThat(consent.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    @Test
    void jdbcTransaction_rolledBack_keepsNeither_andCommitted_keepsBoth() throws Exception {
        try (Connection c = database().pool().getConnection()) {
            c.setAutoCommit(false);
            insertAccount(c, "user-2");
            JdbcTransaction tx = tables.jdbc().transaction(c);
            consent.ledger().inTransaction(tx).grant("user-2", EMAIL, WEB);
            tx.rollback();
        }
        assertThat(accountCount()).isZero();
        assertThat(consent.ledger().history("user-2")).isEmpty();

        try (Connection c = database().pool().getConnection()) {
            c.setAutoCommit(false);
            insertAccount(c, "user-2");
            JdbcTransaction tx = tables.jdbc().transaction(c);
            consent.ledger().inTransaction(tx).grant("user-2", EMAIL, WEB);
            tx.commit();
            assertThat(c.isClosed())
                    .as("the application's connection stays open")
                    .isFalse();
        }
        assertThat(accountCount()).isOne();
        assertThat(consent.enforcer().check("user-2", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void handleOrConnectionNotInATransaction_isRefused() throws Exception {
        assertThatThrownBy(() -> jdbi.useHandle(h -> tables.jdbc().transaction(h)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("begin()");
        try (Connection c = database().pool().getConnection()) {
            assertThatThrownBy(() -> tables.jdbc().transaction(c))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("auto-commit");
        }
    }

    /**
     * Regression: H2 and MariaDB keep a transaction's earlier statements when a later one fails, so an append
     * failing halfway left its interaction row and records in the caller's transaction; a caller that caught
     * the failure and committed stored a withdrawal no check saw, or a head behind its records.
     */
    @Test
    void appendFailingHalfway_inTheCallersTransaction_leavesNothing_evenWhenTheCallerCommits() {
        consent.ledger().grant("user-3", EMAIL, WEB);
        long head = consent.ledger().headPosition();
        try (Triggers triggers =
                new Triggers(jdbi, tables).refuse("INSERT", "current_state").refuse("UPDATE", "current_state")) {
            jdbi.useTransaction(h -> {
                h.execute("INSERT INTO " + accounts + " (id) VALUES (?)", "user-3");
                assertThatThrownBy(() -> consent.ledger()
                                .inTransaction(tables.jdbc().transaction(h))
                                .withdraw("user-3", EMAIL, WEB))
                        .isInstanceOf(StoreUnavailableException.class);
            }); // the application commits its own work anyway
        }
        assertThat(accountCount()).isOne();
        assertThat(consent.ledger().history("user-3"))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.GRANTED);
        assertThat(consent.ledger().headPosition()).isEqualTo(head);
        int interactions = jdbi.withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM " + tables.jdbc().tablePrefix() + "interaction")
                        .mapTo(Integer.class)
                        .one());
        assertThat(interactions).as("interaction rows").isOne();

        consent.ledger().withdraw("user-3", EMAIL, WEB);
        assertThat(consent.enforcer().check("user-3", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    /** A head moved back behind the records never lets an append take a position twice: it fails, writing nothing. */
    @Test
    void headMovedBackBehindItsRecords_failsAppends_andWritesNothing() {
        consent.ledger().grant("user-4", EMAIL, WEB);
        jdbi.useHandle(h -> h.execute("UPDATE " + tables.jdbc().tablePrefix() + "ledger_head SET position = 0"));

        assertThatThrownBy(() -> consent.ledger().grant("user-5", EMAIL, WEB))
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(consent.ledger().history("user-5")).isEmpty();
        assertThat(consent.ledger().history("user-4")).hasSize(1);
    }

    /**
     * A caller's REPEATABLE READ transaction whose snapshot predates another writer's commit for the same
     * subject: the write either builds on the committed record or fails as a conflict to retry, never as a
     * store failure, and the ledger stays intact.
     */
    @Test
    void repeatableReadCaller_racingACommitForTheSameSubject_getsAConflictOrACorrectWrite() {
        try (Handle h = jdbi.open()) {
            h.setTransactionIsolationLevel(TransactionIsolationLevel.REPEATABLE_READ);
            h.begin();
            h.createQuery("SELECT COUNT(*) FROM " + accounts)
                    .mapTo(Integer.class)
                    .one(); // the snapshot starts
            h.createQuery("SELECT COUNT(*) FROM " + tables.jdbc().tablePrefix() + "record")
                    .mapTo(Integer.class)
                    .one();

            consent.ledger().grant("user-6", EMAIL, WEB); // another transaction commits meanwhile

            try {
                consent.ledger().inTransaction(tables.jdbc().transaction(h)).grant("user-6", SMS, WEB);
                h.commit();
            } catch (ConcurrentUpdateException expected) {
                h.rollback();
            }
        }
        assertThat(consent.ledger().history("user-6"))
                .extracting(ConsentRecord::subjectSequence)
                .isSubsetOf(1L, 2L)
                .startsWith(1L);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    private void insertAccount(Connection c, String id) throws Exception {
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
