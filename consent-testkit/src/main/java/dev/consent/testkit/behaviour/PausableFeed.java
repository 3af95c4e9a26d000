package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A store whose feed a test can hold: while paused, {@code readFeed} waits (a slow feed read), so a test
 * decides when a follower may see new records. {@link #pause()} returns once no feed read is in flight.
 */
final class PausableFeed extends ForwardingStore {
    private final Semaphore gate = new Semaphore(1);

    PausableFeed(ConsentStore delegate) {
        super(delegate);
    }

    /** Holds every feed read from now on, after waiting for the one in flight, if any. */
    void pause() {
        acquire();
    }

    /** Lets feed reads through again. */
    void resume() {
        gate.release();
    }

    @Override
    public List<ConsentRecord> readFeed(long afterPosition, int limit) {
        acquire();
        try {
            return super.readFeed(afterPosition, limit);
        } finally {
            gate.release();
        }
    }

    private void acquire() {
        try {
            if (!gate.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the feed stayed paused for 10 seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the feed was paused", e);
        }
    }
}
