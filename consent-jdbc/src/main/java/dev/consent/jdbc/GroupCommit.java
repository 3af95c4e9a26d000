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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Group commit of a store's own appends, by leader and followers on the callers' threads. A caller that finds
 * no batch running leads at once: it takes every append waiting (its own included) into one batch, runs it
 * and completes each, so one writer alone waits for nothing but its own transaction. Callers that arrive while
 * a batch runs queue up; when it ends, one of them leads the next batch with all that queued meanwhile, so the
 * batch grows with the load. A batch holds at most one append per subject (a second one waits for the next
 * batch, and builds on the first) and at most {@link #MAX_BATCH} appends. Thread-safe.
 */
final class GroupCommit {
    /** The most appends one batch takes. */
    static final int MAX_BATCH = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
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
        /** Set under the group's lock once the result or failure is final. */
        private boolean done;

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
        lock.lock();
        try {
            queue.add(own);
            while (leading && !own.done) {
                finished.awaitUninterruptibly();
            }
            if (own.done) {
                return own.outcome();
            }
            leading = true;
        } finally {
            lock.unlock();
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
            lock.lock();
            try {
                leading = false;
                finished.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return own.outcome();
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

    private void complete(List<Pending> batch) {
        lock.lock();
        try {
            for (Pending p : batch) {
                if (!p.completed()) {
                    p.fail(new IllegalStateException("the batch ended without an outcome for this append"));
                }
                p.done = true;
            }
            finished.signalAll();
        } finally {
            lock.unlock();
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
