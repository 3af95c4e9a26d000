package dev.consent.behaviour;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.SubjectHead;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store whose next load of one subject, once {@link #arm() armed}, stops after reading until the test
 * releases it: a load in flight that read the state before a change. For one gated load per store.
 */
final class GatedLoad extends ForwardingStore {
    private final String subject;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch read = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    GatedLoad(ConsentStore delegate, String subject) {
        super(delegate);
        this.subject = subject;
    }

    @Override
    public SubjectHead loadHead(String asked) {
        SubjectHead head = super.loadHead(asked);
        if (asked.equals(subject) && armed.compareAndSet(true, false)) {
            read.countDown();
            await(release, "the test never released the load");
        }
        return head;
    }

    /** Gates the next load of the subject. */
    void arm() {
        armed.set(true);
    }

    /** Waits until the gated load has read the store. */
    void awaitRead() {
        await(read, "the gated load never began");
    }

    /** Lets the gated load return. */
    void release() {
        release.countDown();
    }

    private static void await(CountDownLatch latch, String failure) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure, e);
        }
    }
}
