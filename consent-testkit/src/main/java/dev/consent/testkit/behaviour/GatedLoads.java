package dev.consent.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Decision;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store whose next load of one subject stops after reading, until released: a load in flight that
 * read the state before a change.
 */
final class GatedLoads extends ForwardingStore {
    /** How long a change may wait for the load in flight before the load is released anyway. */
    private static final long CHANGE_MAY_WAIT_MILLIS = 300;

    private final String subject;
    private final CountDownLatch loadRead = new CountDownLatch(1);
    private final CountDownLatch releaseLoad = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean();

    GatedLoads(ConsentStore delegate, String subject) {
        super(delegate);
        this.subject = subject;
    }

    @Override
    public CurrentState loadCurrentState(String asked) {
        CurrentState head = super.loadCurrentState(asked);
        if (asked.equals(subject) && armed.compareAndSet(true, false)) {
            loadRead.countDown();
            await(releaseLoad);
        }
        return head;
    }

    /** Gates the next load of the subject, for a test that drives the race itself. */
    void arm() {
        armed.set(true);
    }

    /** Waits until the gated load has read the store. */
    void awaitRead() {
        await(loadRead);
    }

    /** Lets the gated load return. */
    void release() {
        releaseLoad.countDown();
    }

    /**
     * Starts {@code load} on another thread and, once its store read is done but before it returns, runs
     * {@code change} on this one. The change may wait for the load: the load is released when the change
     * has returned, or after {@value #CHANGE_MAY_WAIT_MILLIS} ms if it has not.
     */
    void raceALoadWith(Callable<Decision> load, Runnable change) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch changed = new CountDownLatch(1);
        try {
            armed.set(true);
            Future<Decision> staleReader = threads.submit(load);
            assertThat(loadRead.await(5, TimeUnit.SECONDS))
                    .as("the load has read the old state")
                    .isTrue();
            Future<?> releaser = threads.submit(() -> {
                changed.await(CHANGE_MAY_WAIT_MILLIS, TimeUnit.MILLISECONDS); // a change may wait for the load
                releaseLoad.countDown();
                return null;
            });
            change.run();
            changed.countDown();
            releaser.get(5, TimeUnit.SECONDS);
            staleReader.get(5, TimeUnit.SECONDS);
        } finally {
            releaseLoad.countDown();
            threads.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gated load was never read or never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
