package dev.consent.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Progress of long commands on standard error, so standard output stays the answer. On a terminal a spinner
 * or a bar redraws itself in place; otherwise (a pipe, a log) one line per step. Silent with {@code --quiet}.
 */
final class Progress {
    private static final String FRAMES = "|/-\\";
    private static final long REDRAW_MILLIS = 100;
    private static final long UNKNOWN_STEP = 10_000;

    private final PrintStream err;
    private final boolean enabled;
    private final boolean live;

    Progress(PrintStream err, boolean enabled, boolean live) {
        this.err = err;
        this.enabled = enabled;
        this.live = live;
    }

    /**
     * Runs {@code work}, which cannot tell how far it is, under a spinner with the elapsed time; then prints
     * {@code what}, the time taken and the counts {@code done} describes from the result.
     */
    <T> T spin(String what, Supplier<T> work, java.util.function.Function<T, String> done) {
        if (!enabled) {
            return work.get();
        }
        long start = System.nanoTime();
        Thread spinner = null;
        if (live) {
            spinner = new Thread(
                    () -> {
                        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                            err.printf(
                                    Locale.ROOT,
                                    "\r%c %s %ds",
                                    FRAMES.charAt(i % FRAMES.length()),
                                    what,
                                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
                            err.flush();
                            try {
                                Thread.sleep(120);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "consent-cli-spinner");
            spinner.setDaemon(true);
            spinner.start();
        } else {
            err.println(what + " ...");
        }
        boolean failed = true;
        try {
            T result = work.get();
            failed = false;
            stop(spinner);
            err.printf(
                    Locale.ROOT,
                    "%s%s: done in %.1f s, %s%n",
                    live ? "\r\033[K" : "",
                    what,
                    (System.nanoTime() - start) / 1e9,
                    done.apply(result));
            return result;
        } finally {
            stop(spinner);
            if (failed && live) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }

    private static void stop(Thread spinner) {
        if (spinner != null && spinner.isAlive()) {
            spinner.interrupt();
            try {
                spinner.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A meter of {@code what} over an amount the work reports as it goes (rows, bytes), {@code total} of it or,
     * when {@code total} is negative, an amount not known in advance; {@code amount} writes an amount.
     */
    Meter meter(String what, long total, LongFunction<String> amount) {
        return new Meter(what, total, amount);
    }

    /**
     * Progress over an amount: on a terminal a bar (or, with no total, a spinner with the count) redrawn in place
     * at most every {@value #REDRAW_MILLIS} ms; otherwise a line at each tenth of the total (or every
     * {@value #UNKNOWN_STEP} of an unknown total). {@link #done} always prints the last line. Not thread-safe.
     */
    final class Meter {
        private final String what;
        private final long total;
        private final LongFunction<String> amount;
        private final long start = System.nanoTime();
        private long drawnAt;
        private boolean drawn;
        private boolean finished;
        private long nextLine;
        private int frame;

        private Meter(String what, long total, LongFunction<String> amount) {
            this.what = what;
            this.total = total;
            this.amount = amount;
            this.nextLine = total < 0 ? UNKNOWN_STEP : 1;
        }

        /** {@code done} of the amount so far, with {@code detail} (counts) after it. */
        void update(long done, String detail) {
            if (!enabled) {
                return;
            }
            if (live) {
                long now = System.nanoTime();
                if (!drawn || now - drawnAt >= REDRAW_MILLIS * 1_000_000L) {
                    drawnAt = now;
                    drawn = true;
                    draw(done, detail, false);
                }
            } else if (total < 0 ? done >= nextLine : total > 0 && done * 10 >= nextLine * total) {
                nextLine = total < 0 ? (done / UNKNOWN_STEP + 1) * UNKNOWN_STEP : done * 10 / total + 1;
                draw(done, detail, false);
            }
        }

        /** The work is done: the last line, with the time taken. */
        void done(long done, String detail) {
            finished = true;
            if (enabled) {
                draw(
                        done,
                        String.format(Locale.ROOT, "%s, done in %.1f s", detail, (System.nanoTime() - start) / 1e9),
                        true);
            }
        }

        /** Ends a bar left drawn on a terminal when the work failed before {@link #done}, so a message goes below. */
        void end() {
            if (enabled && live && drawn && !finished) {
                err.println();
                err.flush();
            }
            finished = true;
        }

        private void draw(long done, String detail, boolean last) {
            String line;
            if (total >= 0) {
                int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
                int filled = percent / 5;
                line = String.format(
                        Locale.ROOT,
                        "[%s%s] %3d%% %s %s/%s %s",
                        "#".repeat(filled),
                        ".".repeat(20 - filled),
                        percent,
                        what,
                        amount.apply(done),
                        amount.apply(total),
                        detail);
            } else {
                char spinner = last ? '*' : live ? FRAMES.charAt(frame++ % FRAMES.length()) : '-';
                line = String.format(Locale.ROOT, "%c %s %s %s", spinner, what, amount.apply(done), detail);
            }
            err.print((live ? "\r\033[K" : "") + line + (live && !last ? "" : System.lineSeparator()));
            err.flush();
        }
    }

    /** A bar over {@code total} steps of {@code what}: call {@link Bar#step} after each. */
    Bar bar(String what, int total) {
        return new Bar(what, total);
    }

    /** A progress bar with a percentage; not thread-safe. */
    final class Bar {
        private final String what;
        private final int total;
        private int done;

        private Bar(String what, int total) {
            this.what = what;
            this.total = total;
        }

        /** One more step done, named {@code label}. */
        void step(String label) {
            done++;
            if (!enabled) {
                return;
            }
            int percent = total == 0 ? 100 : done * 100 / total;
            int filled = percent / 5;
            err.printf(
                    Locale.ROOT,
                    "%s[%s%s] %3d%% %s %d/%d %s%s",
                    live ? "\r\033[K" : "",
                    "#".repeat(filled),
                    ".".repeat(20 - filled),
                    percent,
                    what,
                    done,
                    total,
                    label,
                    live && done < total ? "" : System.lineSeparator());
            err.flush();
        }
    }
}
