package dev.consent.testkit.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs test code on real threads released at the same instant. */
final class Threads {
    /** How long the threads of one run may take before the run counts as hung. */
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** The code one thread runs. */
    interface Body {
        void run(int thread) throws Exception;
    }

    private Threads() {}

    /**
     * Runs {@code body} on {@code threads} threads released together and waits for all of them; fails with the
     * first thread's failure, or when they have not finished within {@link #TIMEOUT}.
     */
    static void run(int threads, Body body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    body.run(thread);
                    return null;
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a thread did not finish within " + TIMEOUT);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
