package dev.consent.jdbc;

import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Group commit of a store's own appends, by leader and followers on the callers' threads. A caller that finds
 * no batch running leads at once: it takes every append waiting (its own included) into one batch, runs it
 * and completes each, so one writer alone waits for nothing but its own transaction. Callers that arrive while
 * a batch runs queue up; when it ends, one of them leads the next batch with all that queued meanwhile, so the
 * batch grows with the load: the caller that arrives first while none leads, or else the oldest waiting, which
 * the ending leader wakes. Each waiting caller's thread is parked and woken for itself alone, when its append is
 * done or it may lead (a herd of waiters woken at each batch's end cost a sixth of the throughput). A batch holds at most one append per subject (a second one waits for the next
 * batch, and builds on the first) and at most {@link #MAX_BATCH} appends. Thread-safe.
 */
final class GroupCommit {
    /** The most appends one batch takes. */
    static final int MAX_BATCH = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Consumer<List<Pending>> runner;
    private boolean leading;

    /** Counts of batches and appends, for tests and measurements. */
    private long batches;

    private long appends;

    /** @param runner runs a batch and completes every append in it, whatever happens */
    GroupCommit(Consumer<List<Pending>> runner) {
        this.runner = runner;
    }

    /** One caller's append, completed by the batch that ran it. */
    static final class Pending {
        final String subject;
        final String interactionId;
        final Function<CurrentState, @Nullable SubjectAppend> build;
        /** Whether the caller knew nothing of the subject's state (no cached state was given). */
        final boolean unknownState;
        /**
         * What the builder returned on a state not read from the database (the caller's cached state, or the
         * empty state of a subject guessed new), built on the caller's thread before the batch; null if none.
         * The unique key on (subject, subject_seq) rejects it if that state was not current.
         */
        final @Nullable SubjectAppend prebuilt;
        /** What the builder returned in the batch now running; null for nothing to append. */
        @Nullable
        SubjectAppend built;

        private @Nullable List<ConsentRecord> result;
        private @Nullable Throwable failure;
        private boolean builderFailed;
        /** Set once the result or failure is final; its caller's thread then returns. */
        private volatile boolean done;
        /** The caller's thread, woken when the append is done or its caller may lead. */
        private @Nullable Thread thread;

        Pending(
                String subject,
                String interactionId,
                Function<CurrentState, @Nullable SubjectAppend> build,
                boolean unknownState,
                @Nullable SubjectAppend prebuilt) {
            this.subject = subject;
            this.interactionId = interactionId;
            this.build = build;
            this.unknownState = unknownState;
            this.prebuilt = prebuilt;
        }

        /** An append to build on the state read in the batch. */
        Pending(String subject, String interactionId, Function<CurrentState, @Nullable SubjectAppend> build) {
            this(subject, interactionId, build, false, null);
        }

        /** Whether a result or failure was set. */
        boolean completed() {
            return result != null || failure != null;
        }

        void succeed(List<ConsentRecord> records) {
            result = records;
        }

        /** Fails with a store-side failure; a {@link ConsentException} reaches the caller as it is. */
        void fail(Throwable t) {
            failure = t;
        }

        /** Fails with what the caller's own builder threw, which reaches the caller unchanged. */
        void builderFailed(Throwable t) {
            failure = t;
            builderFailed = true;
        }

        private List<ConsentRecord> outcome() {
            Throwable t = failure;
            if (t == null) {
                return java.util.Objects.requireNonNull(result, "result");
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (builderFailed || t instanceof ConsentException) {
                throw (RuntimeException) t;
            }
            throw new StoreUnavailableException(
                    "could not append to the ledger; retrying with the same interaction" + " id is safe", t);
        }
    }

    /**
     * Appends through a batch, leading one if none runs, and returns once the append's batch committed.
     *
     * @throws RuntimeException what the builder threw, a {@link ConsentException} of the store, or
     *     {@link StoreUnavailableException} wrapping a failure of the database
     */
    List<ConsentRecord> submit(Pending own) {
        own.thread = Thread.currentThread();
        lock.lock();
        try {
            queue.add(own);
        } finally {
            lock.unlock();
        }
        if (!awaitTurn(own)) {
            return own.outcome();
        }
        try {
            while (!own.done) {
                List<Pending> batch = take();
                try {
                    runner.accept(batch);
                } catch (RuntimeException | Error e) {
                    for (Pending p : batch) {
                        if (!p.completed()) {
                            p.fail(e);
                        }
                    }
                } finally {
                    complete(batch);
                }
            }
        } finally {
            handOver();
        }
        return own.outcome();
    }

    /**
     * Waits until the append is done, or leads if no batch runs: a caller that finds none running leads at
     * once, and a leader that ends wakes the oldest waiting caller to lead, unless a caller came first. An
     * interrupt does not end the wait; it is kept for the caller.
     *
     * @return whether the caller is to lead (false: its append is done)
     */
    private boolean awaitTurn(Pending own) {
        boolean interrupted = false;
        try {
            while (!own.done) {
                lock.lock();
                try {
                    if (!leading && !own.done) {
                        leading = true;
                        return true;
                    }
                } finally {
                    lock.unlock();
                }
                if (own.done) {
                    // looked at again: a wake-up that came while this thread waited for the lock was spent there
                    break;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return false;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the leading and wakes the oldest waiting caller, to lead the next batch unless another came first. */
    private void handOver() {
        Pending next;
        lock.lock();
        try {
            leading = false;
            next = queue.peekFirst();
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /** The next batch: the waiting appends in arrival order, one per subject, at most {@link #MAX_BATCH}. */
    private List<Pending> take() {
        lock.lock();
        try {
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            Set<String> subjects = new HashSet<>();
            for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < MAX_BATCH; ) {
                Pending p = it.next();
                if (subjects.add(p.subject)) {
                    batch.add(p);
                    it.remove();
                }
            }
            batches++;
            appends += batch.size();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Sets each append of a batch that ran done, and wakes its caller. */
    private static void complete(List<Pending> batch) {
        for (Pending p : batch) {
            if (!p.completed()) {
                p.fail(new IllegalStateException("the batch ended without an outcome for this append"));
            }
            p.done = true;
            if (p.thread != Thread.currentThread()) {
                LockSupport.unpark(p.thread);
            }
        }
    }

    /** How many appends wait for a batch. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many batches ran and how many appends they held, since the store was built. */
    long[] counts() {
        lock.lock();
        try {
            return new long[] {batches, appends};
        } finally {
            lock.unlock();
        }
    }
}
