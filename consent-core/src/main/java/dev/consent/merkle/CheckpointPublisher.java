package dev.consent.merkle;

import dev.consent.ConsentLedger;
import dev.consent.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the ledger's signed checkpoints ({@link ConsentLedger#checkpoint()}) to places outside the database on
 * a schedule, so that several copies exist that whoever administers the database cannot reach or rewrite: what an
 * auditor later verifies the ledger against ({@link ConsentLedger#verify(Checkpoint)}). Each sink gets every
 * checkpoint whose tree is larger than the last one it took (an idle ledger publishes nothing new); a sink that
 * fails is logged, counted and tried again at the next run, and does not hold up the others. One daemon thread;
 * {@link #close()} stops it. Thread-safe.
 *
 * <pre>{@code
 * CheckpointPublisher publisher = CheckpointPublisher.builder(consent.ledger())
 *         .sink(CheckpointSink.directory(Path.of("/mnt/audit/checkpoints")))
 *         .sink(CheckpointSink.webhook(URI.create("https://audit.example/checkpoints"), Duration.ofSeconds(10)))
 *         .every(Duration.ofMinutes(5))
 *         .start();
 * }</pre>
 */
public final class CheckpointPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final ConsentLedger ledger;
    private final List<Target> targets;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong failures = new AtomicLong();
    private volatile @Nullable SignedCheckpoint latest;

    private CheckpointPublisher(Builder b) {
        this.ledger = b.ledger;
        this.targets = new ArrayList<>();
        for (CheckpointSink s : b.sinks) {
            targets.add(new Target(s));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consent-checkpoint-publisher");
            t.setDaemon(true);
            return t;
        });
        long millis = b.every.toMillis();
        scheduler.scheduleAtFixedRate(this::runQuietly, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts configuring a publisher of {@code ledger}'s checkpoints (its system needs a checkpoint signer). */
    public static Builder builder(ConsentLedger ledger) {
        return new Builder(Objects.requireNonNull(ledger, "ledger"));
    }

    /** A sink and the size of the last checkpoint it took. */
    private static final class Target {
        final CheckpointSink sink;
        long published = -1;

        Target(CheckpointSink sink) {
            this.sink = sink;
        }
    }

    private void runQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not make the ledger's checkpoint; trying again at the next run", e);
        }
    }

    /**
     * Makes a checkpoint now and gives it to every sink that has not taken one of its size, on the calling thread,
     * besides the schedule. Sinks that fail are logged and counted, as on the schedule.
     *
     * @return the checkpoint made
     * @throws IllegalStateException if the ledger's system has no checkpoint signer
     * @throws dev.consent.StoreUnavailableException if the store failed
     */
    public synchronized SignedCheckpoint publish() {
        SignedCheckpoint cp = ledger.checkpoint();
        latest = cp;
        for (Target t : targets) {
            if (t.published >= cp.size()) {
                continue;
            }
            try {
                t.sink.publish(cp);
                t.published = cp.size();
            } catch (Exception e) {
                failures.incrementAndGet();
                LOG.warn(
                        "could not publish the checkpoint of size {} to {}; trying again at the next run",
                        cp.size(),
                        t.sink,
                        e);
            }
        }
        return cp;
    }

    /** The checkpoint made last, if any. */
    public java.util.Optional<SignedCheckpoint> latest() {
        return java.util.Optional.ofNullable(latest);
    }

    /** How many publications (one sink, one run) and checkpoint makings failed since the start. */
    public long failures() {
        return failures.get();
    }

    /** Stops the schedule, waiting up to 10 seconds for a run in progress. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link CheckpointPublisher}. */
    public static final class Builder {
        private final ConsentLedger ledger;
        private final List<CheckpointSink> sinks = new ArrayList<>();
        private Duration every = Duration.ofMinutes(5);

        private Builder(ConsentLedger ledger) {
            this.ledger = ledger;
        }

        /** Adds a place the checkpoints go; at least one is needed, several are better. */
        public Builder sink(CheckpointSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /** How often a checkpoint is made and published; 5 minutes by default, at least 10 milliseconds. */
        public Builder every(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(Duration.ofMillis(10)) < 0) {
                throw new InvalidInputException("interval", interval, "must be at least 10 milliseconds");
            }
            this.every = interval;
            return this;
        }

        /**
         * Starts publishing: the first run at once, then one every interval.
         *
         * @throws InvalidInputException if no sink was added
         */
        public CheckpointPublisher start() {
            if (sinks.isEmpty()) {
                throw new InvalidInputException("sinks", "none", "at least one sink is needed");
            }
            return new CheckpointPublisher(this);
        }
    }
}
