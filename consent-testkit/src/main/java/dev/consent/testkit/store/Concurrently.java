package dev.consent.testkit.store;

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

/** Runs test code on several real threads released at the same instant. */
final class Concurrently {
    /** How long a concurrent test may take before it counts as hung. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The code one thread runs. */
    interface Body {
        void run(int thread) throws Exception;
    }

    private Concurrently() {}

    /**
     * Runs {@code body} on {@code threads} threads, released together once all have started, and waits
     * for all of them. Fails with the first thread's failure (the others suppressed), or when a thread
     * has not finished within {@link #TIMEOUT}.
     */
    static void run(int threads, Body body) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                int thread = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    body.run(thread);
                    return null;
                }));
            }
            if (!ready.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the threads did not start within " + TIMEOUT);
            }
            go.countDown();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            AssertionError failure = null;
            for (Future<?> f : futures) {
                Throwable problem = null;
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    problem = e.getCause();
                } catch (TimeoutException e) {
                    problem = new AssertionError("a thread did not finish within " + TIMEOUT);
                }
                if (problem != null && failure == null) {
                    failure = new AssertionError("a thread failed: " + problem, problem);
                } else if (problem != null) {
                    failure.addSuppressed(problem);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
