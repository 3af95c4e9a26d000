package dev.consent.behaviour;

import static dev.consent.behaviour.Fixtures.EMAIL;
import static dev.consent.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.spi.SubjectHead;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Once {@code withdraw} returns, no check on that system allows the purpose, whatever loads and
 * invalidations race the write. Tested with real threads and counted, not argued.
 */
public abstract class ReadYourWritesContract extends ContractBase {
    private static final int READERS = 3;
    private static final int CHECKS_AFTER_WITHDRAWAL = 40;

    /** Rounds of grant, racing readers, withdraw; a slow store may lower it. */
    protected int raceIterations() {
        return 250;
    }

    @Test
    void withdraw_thenNoCheckAllows_withReadersAndInvalidationsRacing() throws Exception {
        ConsentSystem cs = systemOver(store, b -> { });
        Fixtures.defineStandard(cs.purposes());

        RaceOutcome outcome = race(cs);

        assertThat(outcome.rounds).isEqualTo(raceIterations());
        assertThat(outcome.checksAfterWithdrawal).isEqualTo((long) raceIterations() * READERS * CHECKS_AFTER_WITHDRAWAL);
        assertThat(outcome.allowsAfterWithdrawal).as("allows seen after withdraw() returned").isZero();
    }

    @Test
    void withdraw_thenNoCheckAllows_whenEveryLoadIsSlow() throws Exception {
        ForwardingStore slowLoads = new ForwardingStore(store) {
            @Override
            public SubjectHead loadHead(String subject) {
                SubjectHead head = super.loadHead(subject);
                LockSupport.parkNanos(50_000);
                return head;
            }
        };
        ConsentSystem cs = systemOver(slowLoads, b -> { });
        Fixtures.defineStandard(cs.purposes());

        RaceOutcome outcome = race(cs);

        assertThat(outcome.rounds).isEqualTo(raceIterations());
        assertThat(outcome.allowsAfterWithdrawal).as("allows seen after withdraw() returned").isZero();
    }

    @Test
    void withdraw_whileALoadOfThatSubjectIsInFlight_theStaleLoadDoesNotWin() throws Exception {
        GatedLoad gated = new GatedLoad(store, "user-1");
        ConsentSystem cs = systemOver(gated, b -> { });
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-1", EMAIL, WEB);

        raceALoadWith(gated, () -> cs.enforcer().check("user-1", EMAIL),
                () -> cs.ledger().withdraw("user-1", EMAIL, WEB));

        for (int i = 0; i < 100; i++) {
            assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        }
    }

    @Test
    void invalidate_whileALoadOfThatSubjectIsInFlight_theStaleLoadDoesNotWin() throws Exception {
        GatedLoad gated = new GatedLoad(store, "user-1");
        ConsentSystem elsewhere = systemWithPurposes();
        ConsentSystem cs = systemOver(gated, b -> { });
        elsewhere.ledger().grant("user-1", EMAIL, WEB);

        raceALoadWith(gated, () -> cs.enforcer().check("user-1", EMAIL), () -> {
            elsewhere.ledger().withdraw("user-1", EMAIL, WEB);
            cs.invalidate("user-1");
        });

        assertThat(cs.enforcer().check("user-1", EMAIL).reason())
                .as("invalidate() returned after the withdrawal committed").isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    /**
     * Starts {@code load} on one thread and, once its store read is done but before it returns, runs
     * {@code change} on another; the change may wait for the load, which is then released.
     */
    private static void raceALoadWith(GatedLoad gated, java.util.concurrent.Callable<Decision> load, Runnable change)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            gated.arm();
            Future<Decision> staleReader = threads.submit(load);
            gated.awaitRead();
            Future<?> changing = threads.submit(change);
            try {
                changing.get(300, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException waitsForTheLoad) {
                // allowed: the change may wait for the load in flight
            }
            gated.release();
            staleReader.get(5, TimeUnit.SECONDS);
            changing.get(5, TimeUnit.SECONDS);
        } finally {
            gated.release();
            threads.shutdownNow();
        }
    }

    private static final class RaceOutcome {
        int rounds;
        long checksAfterWithdrawal;
        long allowsAfterWithdrawal;
    }

    /**
     * Each round: grant a subject (its cache entry warm in even rounds, cold in odd ones), start readers
     * that check it in a loop while one of them keeps invalidating it, withdraw, and count every allow
     * from a check that began after {@code withdraw} returned.
     */
    private RaceOutcome race(ConsentSystem cs) throws Exception {
        RaceOutcome outcome = new RaceOutcome();
        AtomicLong checksAfter = new AtomicLong();
        AtomicLong allowsAfter = new AtomicLong();
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            for (int round = 0; round < raceIterations(); round++) {
                String subject = "racer-" + round;
                if (round % 2 == 0) {
                    cs.enforcer().check(subject, EMAIL);
                }
                cs.ledger().grant(subject, EMAIL, WEB);
                AtomicBoolean withdrawn = new AtomicBoolean();
                CountDownLatch running = new CountDownLatch(READERS);
                List<Future<?>> futures = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    boolean invalidator = r == 0;
                    futures.add(readers.submit(() -> {
                        AtomicInteger loops = new AtomicInteger();
                        int after = 0;
                        running.countDown();
                        while (after < CHECKS_AFTER_WITHDRAWAL) {
                            boolean begunAfterWithdrawal = withdrawn.get();
                            if (invalidator && loops.incrementAndGet() % 2 == 0) {
                                cs.invalidate(subject);
                            }
                            Decision d = cs.enforcer().check(subject, EMAIL);
                            if (begunAfterWithdrawal) {
                                after++;
                                checksAfter.incrementAndGet();
                                if (d.allowed()) {
                                    allowsAfter.incrementAndGet();
                                }
                            } else if (!invalidator) {
                                Thread.yield(); // leave the writer a core on small machines
                            }
                        }
                        return null;
                    }));
                }
                running.await();
                cs.ledger().withdraw(subject, EMAIL, WEB);
                withdrawn.set(true);
                for (Future<?> f : futures) {
                    f.get(10, TimeUnit.SECONDS);
                }
                outcome.rounds++;
            }
        } finally {
            readers.shutdownNow();
        }
        outcome.checksAfterWithdrawal = checksAfter.get();
        outcome.allowsAfterWithdrawal = allowsAfter.get();
        return outcome;
    }
}
