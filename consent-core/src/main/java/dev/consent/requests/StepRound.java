package dev.consent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Calls a set of steps concurrently on the runner's pool, each with the timeout and up to the attempts of the
 * settings, waiting the backoff (doubled each time) between a failure and the next call. Every call is recorded
 * in the run's {@link RunLog} before it is made and after it ends; all recording happens on the thread that
 * runs the round, so the run's events are appended one after another in the order they happened.
 *
 * <p>The timeout counts from the moment a call starts on a pool thread (not from its queueing); a call past it
 * is cancelled (its thread interrupted) and recorded as failed. A target that ignores the interrupt keeps its
 * pool thread until it returns; its late result is ignored. Used once, by one thread.
 */
final class StepRound {
    static final String TIMED_OUT = "timed out after ";
    static final String CANCELLED = "cancelled: ";

    /** One call of a step. */
    interface Call {
        Outcome call(int attempt, boolean maybeDoneBefore) throws Exception;
    }

    /** What a successful call reports; {@code data} is an access source's data. */
    record Outcome(String summary, long items, @Nullable JsonNode data) {}

    private final ExecutorService pool;
    private final DataSubjectRequests.StepSettings settings;
    private final RunLog log;
    private final LinkedBlockingQueue<Attempt> signals = new LinkedBlockingQueue<>();
    private final List<Attempt> running = new ArrayList<>();
    private final List<Retry> waiting = new ArrayList<>();
    private final Map<String, Outcome> succeeded = new LinkedHashMap<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private @Nullable String cancelled;

    StepRound(ExecutorService pool, DataSubjectRequests.StepSettings settings, RunLog log) {
        this.pool = pool;
        this.settings = settings;
        this.log = log;
    }

    /** What each step that succeeded in this round reported, by step name, in the order the steps were given. */
    Map<String, Outcome> succeeded() {
        return succeeded;
    }

    /**
     * The last error of each step that still failed after its attempts, by step name, in the order the steps were
     * given (not the order they failed in, which depends on the threads).
     */
    Map<String, String> failed() {
        return failed;
    }

    /**
     * Calls every step until it succeeds or runs out of attempts, or the log stops (another runner is at work:
     * no call starts, the calls made are awaited and recorded), or the calling thread is interrupted (the calls
     * are cancelled and recorded; the interrupt is kept).
     */
    void run(Map<String, Call> steps) {
        steps.forEach((step, call) -> launch(step, call, 1));
        boolean interrupted = false;
        while (!running.isEmpty() || !waiting.isEmpty()) {
            long now = System.nanoTime();
            for (Retry r : List.copyOf(waiting)) {
                if (log.stopped() || cancelled != null) {
                    waiting.remove(r);
                    failed.put(r.step, r.error);
                } else if (now - r.readyAt >= 0) {
                    waiting.remove(r);
                    launch(r.step, r.call, r.inRun);
                }
            }
            long wait = Long.MAX_VALUE;
            long timeout = settings.timeout().toNanos();
            for (Attempt a : running) {
                if (a.startedAt != 0 && !a.timedOut) {
                    long left = a.startedAt + timeout - now;
                    if (left <= 0) {
                        a.timedOut = true;
                        a.task.cancel(true); // done() signals at once
                    } else {
                        wait = Math.min(wait, left);
                    }
                }
            }
            for (Retry r : waiting) {
                wait = Math.min(wait, Math.max(0, r.readyAt - now));
            }
            try {
                Attempt signal = wait == Long.MAX_VALUE ? signals.take() : signals.poll(wait, TimeUnit.NANOSECONDS);
                for (; signal != null; signal = signals.poll()) {
                    settle(signal);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                cancelled = CANCELLED + "the run was interrupted";
                for (Attempt a : running) {
                    a.task.cancel(true);
                }
            }
        }
        inOrderOf(steps.keySet(), succeeded);
        inOrderOf(steps.keySet(), failed);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static <V> void inOrderOf(Set<String> order, Map<String, V> map) {
        Map<String, V> copy = new LinkedHashMap<>();
        for (String step : order) {
            V value = map.get(step);
            if (value != null) {
                copy.put(step, value);
            }
        }
        map.clear();
        map.putAll(copy);
    }

    private void launch(String step, Call call, int inRun) {
        if (pool.isShutdown()) {
            cancelled = CANCELLED + "the desk is closed";
            failed.put(step, cancelled); // not called, so not recorded as started
            return;
        }
        int number = log.attempts(step) + 1;
        boolean maybeDoneBefore = log.maybeDoneBefore(step);
        if (!log.recordStart(step, number)) {
            return; // another runner is at work: this call is not made
        }
        Attempt a = new Attempt(step, call, number, inRun);
        a.task =
                new FutureTask<>(() -> {
                    a.startedAt = Math.max(1, System.nanoTime());
                    signals.add(a); // so that the timeout counts from now
                    return call.call(number, maybeDoneBefore);
                }) {
                    @Override
                    protected void done() {
                        signals.add(a);
                    }
                };
        running.add(a);
        try {
            pool.execute(a.task);
        } catch (RejectedExecutionException e) {
            cancelled = CANCELLED + "the desk is closed";
            a.task.cancel(false);
        }
    }

    private void settle(Attempt a) {
        if (a.settled || !a.task.isDone()) {
            return; // a start signal, or a call settled already
        }
        a.settled = true;
        running.remove(a);
        String error;
        try {
            Outcome outcome = a.task.get();
            log.recordSuccess(a.step, a.number, outcome.summary(), outcome.items());
            succeeded.put(a.step, outcome);
            return;
        } catch (ExecutionException e) {
            error = describe(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            error = a.timedOut
                    ? TIMED_OUT + settings.timeout().toMillis() + " ms"
                    : java.util.Objects.requireNonNullElse(cancelled, CANCELLED + "by the runner");
        } catch (InterruptedException e) {
            throw new AssertionError("a done task does not wait", e);
        }
        log.recordFailure(a.step, a.number, error);
        if (a.inRun < settings.attempts() && !log.stopped() && cancelled == null) {
            waiting.add(new Retry(a.step, a.call, a.inRun + 1, System.nanoTime() + backoff(a.inRun), error));
        } else {
            failed.put(a.step, error);
        }
    }

    /** The wait before the call after the {@code inRun}-th: the backoff, doubled after each further call. */
    private long backoff(int inRun) {
        long nanos = settings.backoff().toNanos();
        for (int i = 1; i < inRun && nanos < Long.MAX_VALUE / 4; i++) {
            nanos *= 2;
        }
        return nanos;
    }

    /** An exception as its class and message. */
    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage();
    }

    private static final class Attempt {
        final String step;
        final Call call;
        final int number;
        final int inRun;
        FutureTask<Outcome> task;
        volatile long startedAt;
        boolean timedOut;
        boolean settled;

        Attempt(String step, Call call, int number, int inRun) {
            this.step = step;
            this.call = call;
            this.number = number;
            this.inRun = inRun;
        }
    }

    private record Retry(String step, Call call, int inRun, long readyAt, String error) {}
}
