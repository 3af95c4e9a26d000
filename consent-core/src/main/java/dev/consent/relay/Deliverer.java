package dev.consent.relay;

import dev.consent.ConsentRecord;
import dev.consent.PurposeRegistry;
import dev.consent.spi.ChangeSink;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop a {@link Relay}'s thread runs: hold the lease, read a batch from the checkpoint, deliver each
 * message with retries, advance the checkpoint under the lease. Its counters are read by other threads.
 */
final class Deliverer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    final AtomicLong delivered = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong failedAttempts = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();

    private final String name;
    private final String owner;
    private final ConsentStore store;
    private final RelayState state;
    private final ChangeSink sink;
    private final Messages messages;
    private final Clock clock;
    private final Duration lease;
    private final Duration pollInterval;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    private volatile boolean running = true;
    /** Counted down when the relay stops, ending any wait of the loop without interrupting the thread. */
    private final java.util.concurrent.CountDownLatch stopping = new java.util.concurrent.CountDownLatch(1);
    /** Guards {@link #inSink}: an interrupt may only reach the thread while it is in the sink. */
    private final Object sinkLock = new Object();

    private boolean inSink;
    private volatile boolean abandoned;
    private volatile boolean leaseHeld;
    private volatile Instant leaseRenewed = Instant.MIN;

    Deliverer(
            String name,
            String owner,
            ConsentStore store,
            PurposeRegistry purposes,
            RelayState state,
            ChangeSink sink,
            Clock clock,
            Duration lease,
            Duration pollInterval,
            int batchSize,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxBackoff) {
        this.name = name;
        this.owner = owner;
        this.store = store;
        this.state = state;
        this.sink = sink;
        this.messages = new Messages(store, purposes);
        this.clock = clock;
        this.lease = lease;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    boolean leaseHeld() {
        return leaseHeld;
    }

    boolean abandoned() {
        return abandoned;
    }

    /** Makes the loop end; {@code crash} also keeps it from acknowledging the message in flight. */
    void stop(boolean crash) {
        abandoned |= crash;
        running = false;
        stopping.countDown();
    }

    /**
     * Interrupts {@code thread}, the loop's, if it is delivering to the sink, so that a hanging delivery ends;
     * never while it works in the store, since some databases (H2 on a file) close themselves when a thread
     * is interrupted in the middle of their file I/O.
     *
     * @return whether the thread was interrupted
     */
    boolean interruptDelivery(Thread thread) {
        synchronized (sinkLock) {
            if (inSink) {
                thread.interrupt();
                return true;
            }
            return false;
        }
    }

    void lostLease() {
        leaseHeld = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!holdLease()) {
                    pause();
                    continue;
                }
                List<ConsentRecord> batch = store.readFeed(state.checkpoint(name), batchSize);
                if (batch.isEmpty()) {
                    pause();
                    continue;
                }
                for (ChangeMessage m : messages.of(batch)) {
                    if (!running || !handle(m)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                if (running) {
                    LOG.warn("relay {}: interrupted while running; going on", name);
                }
            } catch (RuntimeException e) {
                LOG.warn("relay {}: {}; trying again in {}", name, e.toString(), pollInterval);
                try {
                    pause();
                } catch (InterruptedException stop) {
                    // running is false when the relay closes
                }
            }
        }
    }

    /** Takes the lease, or renews it when a third of it has passed. */
    private boolean holdLease() {
        Instant now = clock.instant();
        if (leaseHeld && now.isBefore(leaseRenewed.plus(lease.dividedBy(3)))) {
            return true;
        }
        boolean held = state.acquire(name, owner, now, lease);
        if (held != leaseHeld) {
            LOG.info("relay {}: {} the lease as {}", name, held ? "took" : "lost", owner);
        }
        leaseHeld = held;
        leaseRenewed = now;
        return held;
    }

    /** Delivers one message with retries, then advances; false when this instance must stop the batch. */
    private boolean handle(ChangeMessage m) throws InterruptedException {
        if (sink.accepts(m)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    deliver(m);
                    delivered.incrementAndGet();
                    break;
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (!running) {
                        return false;
                    }
                    failedAttempts.incrementAndGet();
                    if (attempt >= maxAttempts) {
                        LOG.warn(
                                "relay {}: giving up on position {} after {} attempts: {}",
                                name,
                                m.position(),
                                attempt,
                                e.toString());
                        state.addDeadLetter(new DeadLetter(
                                name,
                                m.position(),
                                m.recordId(),
                                m.subject(),
                                attempt,
                                e.getClass().getName() + ": " + e.getMessage(),
                                m.toJson(),
                                clock.instant()));
                        deadLettered.incrementAndGet();
                        break;
                    }
                    if (!backOff(attempt)) {
                        return false;
                    }
                }
            }
        } else {
            skipped.incrementAndGet();
        }
        if (abandoned) {
            return false;
        }
        Instant now = clock.instant();
        if (!state.advance(name, owner, m.position(), now, lease)) {
            LOG.info(
                    "relay {}: lost the lease before acknowledging position {}; another instance redelivers it",
                    name,
                    m.position());
            leaseHeld = false;
            return false;
        }
        leaseRenewed = now;
        return true;
    }

    private void deliver(ChangeMessage m) throws Exception {
        synchronized (sinkLock) {
            if (!running) {
                throw new InterruptedException("the relay stops");
            }
            inSink = true;
        }
        try {
            sink.deliver(m);
        } finally {
            synchronized (sinkLock) {
                inSink = false;
                // an interrupt meant for the delivery must not reach the store calls that follow
                Thread.interrupted();
            }
        }
    }

    /** Waits before the next attempt, renewing the lease; false if the lease was lost or the relay stops. */
    private boolean backOff(int attempt) throws InterruptedException {
        long cap = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 30));
        long wait = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        long slice = Math.max(1, lease.toMillis() / 3);
        while (wait > 0) {
            long step = Math.min(wait, slice);
            if (stopping.await(step, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return false;
            }
            wait -= step;
            if (!holdLease()) {
                return false;
            }
        }
        return running;
    }

    /** Waits for the poll interval, or until the relay stops. */
    private void pause() throws InterruptedException {
        stopping.await(pollInterval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
