package dev.consent.spring;

import dev.consent.ConsentRecord;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.testkit.behaviour.ForwardingStore;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store with failures on demand, failing as a driver does (a plain runtime exception): the whole
 * store ({@link #down}), only the change feed ({@link #feedDown}), or a head-position read that hangs until
 * {@link #headGate} opens.
 */
public final class ControllableStore extends ForwardingStore {
    /** Every read used here fails. */
    public volatile boolean down;
    /** Only reads of the change feed fail. */
    public volatile boolean feedDown;
    /** When set, a head-position read waits (up to 10 s) for it to open. */
    public volatile @Nullable CountDownLatch headGate;
    /** Head-position reads so far. */
    public final AtomicInteger headReads = new AtomicInteger();

    public ControllableStore() {
        super(new InMemoryConsentStore());
    }

    @Override
    public long headPosition() {
        headReads.incrementAndGet();
        CountDownLatch gate = headGate;
        if (gate != null) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failIf(down, "headPosition");
        return super.headPosition();
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        failIf(down || feedDown, "readFeed");
        return super.readFeed(afterPosition, limit);
    }

    @Override
    public CurrentState loadCurrentState(String subject) {
        failIf(down, "loadCurrentState");
        return super.loadCurrentState(subject);
    }

    private static void failIf(boolean failing, String call) {
        if (failing) {
            throw new IllegalStateException("simulated outage: " + call + ", connection to db.internal refused");
        }
    }
}
