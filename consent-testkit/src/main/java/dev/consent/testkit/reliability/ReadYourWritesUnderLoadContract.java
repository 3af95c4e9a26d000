package dev.consent.testkit.reliability;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.ProcessingDeniedException;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.WithdrawalRace;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Reliability 2, read your writes: on one node, readers hammer {@code check} while a writer withdraws, and no
 * check that began after the withdrawal returned allows; across two nodes, a withdrawal on one reaches the
 * other's cached checks within the documented bound (one poll interval plus one poll; the slack covers a busy
 * two-core machine) in every trial.
 */
public abstract class ReadYourWritesUnderLoadContract extends ReliabilityContract {
    /** Rounds of grant, racing readers, withdrawal at scale 1. */
    static final int ROUNDS = 20;
    /** Two-node trials at scale 1. */
    static final int TRIALS = 20;

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration BOUND = POLL.plus(Duration.ofSeconds(2));

    @Test
    void oneNode_afterEachWithdrawalReturns_noCheckAllows() throws Exception {
        ConsentSystem cs = system();
        Fixtures.defineStandard(cs.purposes());
        int rounds = Reliability.scaled(ROUNDS);

        WithdrawalRace race =
                WithdrawalRace.run(cs, rounds, subject -> cs.ledger().withdraw(subject, EMAIL, WEB));
        long requireAllows = 0;
        for (int i = 0; i < rounds; i++) {
            try {
                cs.enforcer().require("racer-" + i, EMAIL);
                requireAllows++;
            } catch (ProcessingDeniedException e) {
                assertThat(e.decision().reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
            }
        }

        figures("read-your-writes-one-node")
                .parameter("rounds", rounds)
                .parameter("readers", WithdrawalRace.READERS)
                .count("checks after withdrawal", race.checksAfterWithdrawal)
                .count("late allows", race.allowsAfterWithdrawal + requireAllows)
                .write();
        assertThat(race.rounds).isEqualTo(rounds);
        assertThat(race.checksAfterWithdrawal)
                .isEqualTo((long) rounds * WithdrawalRace.READERS * WithdrawalRace.CHECKS_AFTER_WITHDRAWAL);
        assertThat(race.allowsAfterWithdrawal)
                .as("allows after withdraw() returned")
                .isZero();
        assertThat(requireAllows)
                .as("require() passing after withdraw() returned")
                .isZero();
    }

    @Test
    void twoNodes_aWithdrawalReachesTheOtherNode_withinTheBound_inEveryTrial() {
        ConsentSystem nodeA = system();
        Fixtures.defineStandard(nodeA.purposes());
        ConsentSystem nodeB = followingSystemOver(secondNode(), POLL, b -> {});
        int trials = Reliability.scaled(TRIALS);
        long[] lags = new long[trials];
        long late = 0;
        try {
            for (int i = 0; i < trials; i++) {
                String subject = "user-" + i;
                nodeA.ledger().grant(subject, EMAIL, WEB);
                nanosUntil(() -> nodeB.enforcer().check(subject, EMAIL).allowed());
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(POLL.toNanos()));

                nodeA.ledger().withdraw(subject, EMAIL, WEB);
                lags[i] =
                        nanosUntil(() -> !nodeB.enforcer().check(subject, EMAIL).allowed());
                if (lags[i] > BOUND.toNanos()) {
                    late++;
                }
                assertThat(nodeB.enforcer().check(subject, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
            }
            Arrays.sort(lags);
            figures("read-your-writes-two-nodes")
                    .parameter("trials", trials)
                    .parameter("poll", POLL.toMillis() + " ms")
                    .parameter("bound", BOUND.toMillis() + " ms")
                    .count("late allows", late)
                    .count("p50 lag", millis(lags[trials / 2]))
                    .count("p99 lag", millis(lags[(int) Math.ceil(trials * 0.99) - 1]))
                    .count("max lag", millis(lags[trials - 1]))
                    .write();
            assertThat(late)
                    .as("trials where the other node allowed past the bound")
                    .isZero();
            assertThat(nodeB.feedStats().failedPolls()).isZero();
        } finally {
            nodeB.close();
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
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
