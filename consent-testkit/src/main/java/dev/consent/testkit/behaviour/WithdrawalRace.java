package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
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
import java.util.function.Consumer;

/**
 * Rounds of grant, racing readers, withdrawal: counts every allow from a check of {@link Fixtures#EMAIL}
 * that began after the withdrawal returned. The withdrawal is a function, so a direct write and a write
 * committed in a caller's transaction race the same way.
 */
public final class WithdrawalRace {
    /** Reader threads per round. */
    public static final int READERS = 3;
    /** Checks each reader makes after the withdrawal returned. */
    public static final int CHECKS_AFTER_WITHDRAWAL = 40;

    /** Rounds run. */
    public int rounds;
    /** Checks that began after the withdrawal returned. */
    public long checksAfterWithdrawal;
    /** Of those, the checks that allowed: always 0 when reads follow writes. */
    public long allowsAfterWithdrawal;

    private WithdrawalRace() {}

    /**
     * Each round: grant a subject (its cache entry warm in even rounds, cold in odd ones), start readers
     * that check it in a loop while one of them keeps invalidating it, withdraw it with {@code withdraw},
     * and count every allow from a check that began after {@code withdraw} returned.
     */
    public static WithdrawalRace run(ConsentSystem cs, int iterations, Consumer<String> withdraw) throws Exception {
        WithdrawalRace outcome = new WithdrawalRace();
        AtomicLong checksAfter = new AtomicLong();
        AtomicLong allowsAfter = new AtomicLong();
        ExecutorService readers = Executors.newFixedThreadPool(READERS);
        try {
            for (int round = 0; round < iterations; round++) {
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
                withdraw.accept(subject);
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
