package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes over one database, each with a connection pool, a store and a {@link ConsentSystem}
 * of its own: what one node writes reaches the other's checks through the change feed within the documented
 * bound (the poll interval plus one poll), measured over many trials.
 */
abstract class TwoNodesContract {
    static final Duration POLL = Duration.ofMillis(100);
    /** The documented bound is one poll interval plus one poll; the slack covers a busy two-core machine. */
    static final Duration BOUND = POLL.plus(Duration.ofSeconds(2));

    static final int TRIALS = 30;

    private TestStore tables;
    private DataSource poolA;
    private DataSource poolB;
    private ConsentSystem nodeA;
    private ConsentSystem nodeB;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        tables = database().newStore();
        poolA = database().anotherPool(4);
        poolB = database().anotherPool(4);
        String prefix = tables.jdbc().tablePrefix();
        nodeA = ConsentSystem.builder()
                .store(JdbcConsentStore.builder(poolA).tablePrefix(prefix).build())
                .feedPollInterval(POLL)
                .build();
        nodeB = ConsentSystem.builder()
                .store(JdbcConsentStore.builder(poolB).tablePrefix(prefix).build())
                .feedPollInterval(POLL)
                .build();
        Fixtures.defineStandard(nodeA.purposes());
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
        ((HikariDataSource) poolA).close();
        ((HikariDataSource) poolB).close();
        tables.close();
    }

    @Test
    void grantOnOneNode_andWithdrawal_reachTheOtherNodesCachedChecks_withinTheBound_overManyTrials() {
        long[] grantLags = new long[TRIALS];
        long[] withdrawLags = new long[TRIALS];
        for (int i = 0; i < TRIALS; i++) {
            String subject = "user-" + i;
            assertThat(nodeB.enforcer().check(subject, EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(POLL.toNanos()));

            nodeA.ledger().grant(subject, EMAIL, WEB);
            grantLags[i] =
                    nanosUntil(() -> nodeB.enforcer().check(subject, EMAIL).allowed());
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(POLL.toNanos()));

            nodeA.ledger().withdraw(subject, EMAIL, WEB);
            withdrawLags[i] =
                    nanosUntil(() -> !nodeB.enforcer().check(subject, EMAIL).allowed());
            assertThat(nodeB.enforcer().check(subject, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        }
        report("grant", grantLags);
        report("withdrawal", withdrawLags);
        assertThat(Duration.ofNanos(grantLags[TRIALS - 1]))
                .as("the longest grant lag")
                .isLessThanOrEqualTo(BOUND);
        assertThat(Duration.ofNanos(withdrawLags[TRIALS - 1]))
                .as("the longest withdrawal lag")
                .isLessThanOrEqualTo(BOUND);
        assertThat(nodeB.feedStats().failedPolls()).isZero();
    }

    private void report(String what, long[] lags) {
        Arrays.sort(lags);
        System.out.printf(
                "%s, two nodes: %s on A seen on B after p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + " (%d trials, poll %d ms, bound %d ms)%n",
                database().name(),
                what,
                lags[TRIALS / 2] / 1e6,
                lags[(int) Math.ceil(TRIALS * 0.99) - 1] / 1e6,
                lags[TRIALS - 1] / 1e6,
                TRIALS,
                POLL.toMillis(),
                BOUND.toMillis());
    }

    /** Nanoseconds until the condition holds, polling it; fails the test past three times the bound. */
    private static long nanosUntil(BooleanSupplier condition) {
        long start = System.nanoTime();
        long limit = start + BOUND.multipliedBy(3).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("the other node never saw the change")
                    .isLessThan(limit);
            LockSupport.parkNanos(200_000);
        }
        return System.nanoTime() - start;
    }
}
