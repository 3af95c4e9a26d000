package dev.consent.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Progress of long commands on standard error, so standard output stays the answer. On a terminal a spinner
 * or a bar redraws itself in place; otherwise (a pipe, a log) one line per step. Silent with {@code --quiet}.
 */
final class Progress {
    private static final String FRAMES = "|/-\\";

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
        try {
            T result = work.get();
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
