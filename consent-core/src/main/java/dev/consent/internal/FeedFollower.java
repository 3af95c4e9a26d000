package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.FeedStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the store's change feed and drops the cached snapshots of subjects changed by anyone, so that
 * changes committed by other systems over the same store reach this system's checks within about one poll
 * interval. Own writes have usually updated their snapshot already and cost nothing. Each poll also reloads
 * the purpose definitions (one small read), so versions, material changes and retirements published by
 * other nodes reach this system's checks within the same bound; unchanged definitions keep every snapshot.
 *
 * <p>One daemon thread, polling at a fixed rate: each poll is due one interval after the one before was due,
 * or at once if that has passed (a poll that overran is followed by one poll, never a burst: each reads all
 * that is new). A poll first reads the head position, then pages of the feed from the last position read until a short
 * page, and drops each record's subject unless its snapshot already reflects the record
 * ({@link SnapshotCache#dropIfOlderThan}); only then does it reload the purposes, so their read never delays
 * the ledger's. The bound this gives, with {@code P} the longest poll so far, timed from when it was due (or
 * the previous poll ended, if later) to its end, so a late wake-up counts ({@link FeedStats#longestPollNanos()}):
 * a change committed at {@code T} is dropped by the end of the first poll whose head read starts after
 * {@code T}; the poll before it was due before {@code T} and ended before {@code T + P}, so that one is due
 * before {@code T + max(interval, P)} and ends within {@code P} of being due: by {@code T + interval + P} while polls take
 * less than the interval, by {@code T + 2P} when they do not. A check then loads the subject afresh. Positions are dense and in commit
 * order, so no record can appear later below a position read. A head below the last position read means
 * the store went back in time (restored from an older backup, or emptied): every snapshot is dropped and
 * following goes on from the store's head.
 *
 * <p>A failed poll is counted, logged at WARN at most once a minute (never with a subject id) and retried at
 * the next interval; nothing stops the thread but {@link #close()}. The store is reached through
 * {@link GuardedStore}, which records its failures (so {@code OutagePolicy.DENY_ALL} denies cached allows
 * while the feed cannot be read) and its recovery. The cache's
 * {@code expireAfterWrite} stays the hard bound whatever happens here.
 *
 * <p>Not thread-safe but for {@link #stats()} and {@link #close()}: only its own thread polls.
 */
final class FeedFollower implements AutoCloseable {
    /** Records read per feed call. */
    static final int PAGE = 1_000;

    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(ConsentSystem.class);

    private final GuardedStore store;
    private final DefaultPurposeRegistry registry;
    private final SnapshotCache cache;
    private final ScheduledThreadPoolExecutor executor;
    private volatile @Nullable Thread thread;

    private volatile long position;
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong failedPolls = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    /** The longest poll, from when it was due (or the previous one ended) to its end; by the poll thread. */
    private volatile long longestPollNanos;

    private final long intervalNanos;
    /** When the next poll is due, on {@link System#nanoTime()}; written by the poll thread once started. */
    private long dueNanos;
    /** Failed polls since the last successful one; written by the follower's thread only. */
    private volatile long failedInARow;

    private long lastWarnNanos;

    /**
     * Starts following from the store's head position: the cache is empty, so earlier changes matter not.
     *
     * @throws dev.consent.StoreUnavailableException if the head position could not be read
     */
    FeedFollower(GuardedStore store, DefaultPurposeRegistry registry, SnapshotCache cache, Duration pollInterval) {
        this.store = store;
        this.registry = registry;
        this.cache = cache;
        this.position = store.headPosition();
        this.lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "consent-feed-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            thread = t;
            return t;
        });
        long nanos = pollInterval.toNanos();
        this.intervalNanos = nanos;
        // a poll queued but not yet due when closing is dropped, never run
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // the executor runs it at or after this, so a poll's measured time is never too short
        this.dueNanos = System.nanoTime() + nanos;
        executor.schedule(this::poll, nanos, TimeUnit.NANOSECONDS);
    }

    /** The counters. */
    FeedStats stats() {
        return new FeedStats(
                true,
                position,
                polls.get(),
                failedPolls.get(),
                dropped.get(),
                resets.get(),
                failedInARow,
                longestPollNanos);
    }

    /**
     * Stops following: lets a poll in flight finish (never interrupting it) and returns once the thread has
     * ended, or after ten seconds. Idempotent.
     */
    @Override
    public void close() {
        executor.shutdown();
        boolean interrupted = false;
        try {
            // a poll in flight is waited for, never interrupted: some databases (H2 on a file) close themselves
            // when a thread is interrupted in their file I/O; the store's query timeout bounds the wait
            if (!executor.awaitTermination(2 * CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "the change-feed poll in flight has not ended {} ms after close; it is left to end by itself",
                        2 * CLOSE_WAIT_MILLIS);
                return;
            }
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.join(CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            interrupted = true; // the closing thread was interrupted: stop waiting, the poll ends by itself
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One poll, then the next one scheduled: due one interval after this one was, or at once if that has
     * passed (a poll that overran its interval is followed by one poll, never a burst). Never throws.
     */
    private void poll() {
        try {
            pollOnce();
        } finally {
            long now = System.nanoTime();
            dueNanos = Math.max(dueNanos + intervalNanos, now);
            try {
                executor.schedule(this::poll, dueNanos - now, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // closing: no more polls
            }
        }
    }

    private void pollOnce() {
        polls.incrementAndGet();
        long started = dueNanos;
        try {
            catchUp();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            failed(e);
            return;
        } finally {
            // timed from when the poll was due, so a late wake-up of this thread counts as part of the poll
            long took = System.nanoTime() - started;
            if (took > longestPollNanos) {
                longestPollNanos = took;
            }
        }
        if (failedInARow > 0) {
            LOG.info(
                    "change feed read again after {} failed polls; following from position {}", failedInARow, position);
            failedInARow = 0;
        }
    }

    /** The ledger first, then the purposes: the purposes' read never delays a drop. */
    private void catchUp() {
        followLedger();
        registry.refreshIfChanged();
    }

    private void followLedger() {
        long from = position;
        long head = store.headPosition();
        if (head < from) {
            cache.invalidateAll();
            position = head;
            resets.incrementAndGet();
            LOG.warn(
                    "store head position {} is below position {} already read from its change feed (restored "
                            + "from an older backup, or emptied?): dropped every cached snapshot, following from {}",
                    head,
                    from,
                    head);
            return;
        }
        if (head == from) {
            return;
        }
        List<ConsentRecord> page;
        do {
            page = store.readFeed(from, PAGE);
            for (ConsentRecord r : page) {
                if (r.position() <= from) {
                    throw new IllegalStateException("store change feed answered position " + r.position()
                            + " after position " + from + ": positions must rise");
                }
                if (cache.dropIfOlderThan(r.subject(), r.position())) {
                    dropped.incrementAndGet();
                }
                from = r.position();
                position = from;
            }
        } while (page.size() >= PAGE);
    }

    private void failed(Throwable e) {
        failedPolls.incrementAndGet();
        failedInARow++;
        long now = System.nanoTime();
        if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
            lastWarnNanos = now;
            LOG.warn(
                    "could not read the store's change feed ({} failed polls so far, retrying): changes made "
                            + "elsewhere after position {} reach this system only when its cached snapshots expire",
                    failedPolls.get(),
                    position,
                    e);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("could not read the store's change feed ({} failed polls so far)", failedPolls.get(), e);
        }
    }
}
