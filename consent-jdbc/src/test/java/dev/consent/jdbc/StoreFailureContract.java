package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Evidence;
import dev.consent.StoreUnavailableException;
import dev.consent.WriteResult;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * The database failing under a real {@link ConsentSystem}: down, its pool exhausted, a statement stuck
 * behind a lock, a statement failing halfway through an append. Checks deny with
 * {@link DecisionReason#STORE_UNAVAILABLE} and never throw, writes throw {@link StoreUnavailableException}
 * with the driver's or pool's exception as the cause and leave nothing written, and both work again, without
 * a restart, once the database does.
 */
abstract class StoreFailureContract extends DatabaseContract {
    private static final Duration POOL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration MARGIN = Duration.ofSeconds(1);

    /** A system with the standard purposes and one grant, so {@code known} is cached and {@code cold} is not. */
    private ConsentSystem systemWithAGrant(JdbcConsentStore store) {
        ConsentSystem consent = system(store);
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("known", EMAIL, WEB);
        return consent;
    }

    @Test
    void databaseDown_checksDenyAsUnavailable_writesThrowAndWriteNothing_andBothRecoverWhenItIsBack() {
        TestStore store = newStore();
        ConsentSystem consent = systemWithAGrant(store.jdbc());
        long head = storedHead(store);
        List<Long> rows = rowCounts(store);

        store.dataSource().goDown();
        Decision cold = consent.enforcer().check("cold", EMAIL);
        Throwable coldGrant = catchThrowable(() -> consent.ledger().grant("cold", EMAIL, Fixtures.detailed()));
        Throwable knownGrant = catchThrowable(() -> consent.ledger().grant("known", SMS, Fixtures.detailed()));
        store.dataSource().comeBack();

        assertUnavailable(cold);
        assertFailedInTheDatabase(coldGrant);
        assertFailedInTheDatabase(knownGrant);
        assertNothingWritten(store, head, rows);
        assertRecovered(consent);
    }

    @Test
    void poolExhausted_checksDenyWithinThePoolTimeout_writesThrowAndWriteNothing_andBothRecoverWhenFreed()
            throws SQLException {
        TestStore tables = newStore();
        HikariDataSource pool = closeAfter(poolOfOne());
        JdbcConsentStore store = JdbcConsentStore.builder(pool)
                .tablePrefix(tables.jdbc().tablePrefix())
                .build();
        ConsentSystem consent = systemWithAGrant(store);
        long head = storedHead(tables);
        List<Long> rows = rowCounts(tables);

        Decision cold;
        long checkNanos;
        Throwable coldGrant;
        Throwable knownGrant;
        try (Connection held = pool.getConnection()) {
            long start = System.nanoTime();
            cold = consent.enforcer().check("cold", EMAIL);
            checkNanos = System.nanoTime() - start;
            coldGrant = catchThrowable(() -> consent.ledger().grant("cold", EMAIL, Fixtures.detailed()));
            knownGrant = catchThrowable(() -> consent.ledger().grant("known", SMS, Fixtures.detailed()));
        }

        assertUnavailable(cold);
        assertThat(Duration.ofNanos(checkNanos)).isLessThan(POOL_TIMEOUT.plus(MARGIN));
        assertFailedInTheDatabase(coldGrant);
        assertFailedInTheDatabase(knownGrant);
        assertNothingWritten(tables, head, rows);
        assertRecovered(consent);
    }

    @Test
    void appendBlockedOnTheLedgerHeadLock_failsAfterTheQueryTimeout_writesNothing_andSucceedsOnceReleased() {
        TestStore tables = newStore();
        String prefix = tables.jdbc().tablePrefix();
        JdbcConsentStore store = JdbcConsentStore.builder(database().pool())
                .tablePrefix(prefix)
                .queryTimeout(Duration.ofSeconds(1))
                .build();
        ConsentSystem consent = systemWithAGrant(store);
        long head = storedHead(tables);
        List<Long> rows = rowCounts(tables);

        long appendNanos;
        Throwable blocked;
        try (Handle other = sql().open()) {
            other.begin();
            other.createQuery("SELECT position FROM " + prefix + "ledger_head WHERE id = 1 FOR UPDATE")
                    .mapTo(Long.class)
                    .one();
            long start = System.nanoTime();
            blocked = catchThrowable(() -> consent.ledger().grant("known", SMS, Fixtures.detailed()));
            appendNanos = System.nanoTime() - start;
            other.rollback();
        }

        assertFailedInTheDatabase(blocked);
        assertThat(Duration.ofNanos(appendNanos))
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(1).plus(MARGIN));
        assertNothingWritten(tables, head, rows);
        consent.ledger().grant("known", SMS, Fixtures.detailed());
        assertThat(consent.enforcer().check("known", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(storedHead(tables)).isEqualTo(head + 1);
    }

    /**
     * Regression: H2 bounded the wait for the ledger-head lock by its own lock timeout (2 s) instead of the
     * store's query timeout, so an append failed after 2 s however long the timeout, and waited 2 s when it
     * was 1 s.
     */
    @Test
    void appendWaitingForTheLedgerHeadLockShorterThanTheQueryTimeout_succeeds() throws Exception {
        TestStore tables = newStore();
        String prefix = tables.jdbc().tablePrefix();
        JdbcConsentStore store = JdbcConsentStore.builder(database().pool())
                .tablePrefix(prefix)
                .queryTimeout(Duration.ofSeconds(4))
                .build();
        ConsentSystem consent = systemWithAGrant(store);
        long head = storedHead(tables);

        CompletableFuture<WriteResult> grant;
        try (Handle other = sql().open()) {
            other.begin();
            other.createQuery("SELECT position FROM " + prefix + "ledger_head WHERE id = 1 FOR UPDATE")
                    .mapTo(Long.class)
                    .one();
            grant = CompletableFuture.supplyAsync(() -> consent.ledger().grant("known", SMS, WEB));
            Thread.sleep(2_500);
            assertThat(grant).as("waiting for the lock").isNotDone();
            other.rollback();
        }

        assertThat(grant.get(10, TimeUnit.SECONDS).position()).isEqualTo(head + 1);
        assertThat(consent.enforcer().check("known", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    /** Records and the interaction are inserted, then the evidence insert fails: the whole append rolls back. */
    @Test
    void databaseFailingHalfwayThroughAnAppend_leavesNothingOfIt() {
        TestStore store = newStore();
        ConsentSystem consent = systemWithAGrant(store.jdbc());
        long head = storedHead(store);
        List<Long> rows = rowCounts(store);
        Triggers triggers = closeAfter(new Triggers(sql(), store)).refuse("INSERT", "evidence");

        Throwable failed = catchThrowable(() -> consent.ledger().grant("known", SMS, Fixtures.detailed()));
        triggers.close();

        assertFailedInTheDatabase(failed);
        assertThat(failed.getCause()).hasStackTraceContaining("refused by test trigger");
        assertNothingWritten(store, head, rows);
        assertThat(consent.enforcer().check("known", SMS).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        consent.ledger().grant("known", SMS, Fixtures.detailed());
        assertThat(consent.enforcer().check("known", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(consent.ledger().verify().problems()).isEmpty();
    }

    /**
     * Regression: Jdbi's default exception message renders the statement's bound arguments, so a failed
     * evidence insert put the IP address, user agent and attributes into the message of the exception the
     * application logs, where erasure cannot reach them.
     */
    @Test
    void evidenceInsertFailing_exceptionMessagesHoldNoEvidence() {
        TestStore store = newStore();
        // the PostgreSQL driver shows a failed batch entry's parameters unless told not to (see the README)
        String url = ((HikariDataSource) database().pool()).getJdbcUrl();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(
                url.startsWith("jdbc:postgresql:")
                        ? url + (url.contains("?") ? "&" : "?") + "logServerErrorDetail=false"
                        : url);
        config.setMaximumPoolSize(2);
        HikariDataSource pool = closeAfter(new HikariDataSource(config));
        ConsentSystem consent = systemWithAGrant(JdbcConsentStore.builder(pool)
                .tablePrefix(store.jdbc().tablePrefix())
                .build());
        Triggers triggers = closeAfter(new Triggers(sql(), store)).refuse("INSERT", "evidence");
        CollectionContext context = CollectionContext.builder(Channel.WEB)
                .collectionPoint("signup")
                .evidence(new Evidence("198.51.100.77", "CanaryAgent/9.9", Map.of("canary-key", "canary-value")))
                .build();

        Throwable failed = catchThrowable(() -> consent.ledger().grant("known", SMS, context));
        triggers.close();

        assertFailedInTheDatabase(failed);
        java.io.StringWriter trace = new java.io.StringWriter();
        failed.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString())
                .as("the exception and its causes, as a log prints them")
                .doesNotContain("198.51.100.77")
                .doesNotContain("CanaryAgent")
                .doesNotContain("canary-key")
                .doesNotContain("canary-value");
    }

    private HikariDataSource poolOfOne() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(((HikariDataSource) database().pool()).getJdbcUrl());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(POOL_TIMEOUT.toMillis());
        config.setPoolName("pool-of-one");
        return new HikariDataSource(config);
    }

    private static void assertUnavailable(Decision d) {
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        assertThat(d.recordId()).isNull();
    }

    /** A {@link StoreUnavailableException} whose causes include the exception of the driver or the pool. */
    private static void assertFailedInTheDatabase(Throwable thrown) {
        assertThat(thrown).isInstanceOf(StoreUnavailableException.class);
        SQLException sql = null;
        for (Throwable t = thrown.getCause(); t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        assertThat((Object) sql)
                .as("an SQLException among the causes of %s", thrown)
                .isNotNull();
    }

    private void assertNothingWritten(TestStore store, long head, List<Long> rows) {
        assertThat(storedHead(store)).as("ledger head").isEqualTo(head);
        assertThat(store.headPosition()).isEqualTo(head);
        assertThat(rowCounts(store))
                .as("records, interactions, evidence, current state")
                .isEqualTo(rows);
    }

    private static void assertRecovered(ConsentSystem consent) {
        assertThat(consent.enforcer().check("cold", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(consent.enforcer().check("known", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        consent.ledger().grant("cold", EMAIL, Fixtures.detailed());
        assertThat(consent.enforcer().check("cold", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(consent.ledger().verify().problems()).isEmpty();
    }
}
