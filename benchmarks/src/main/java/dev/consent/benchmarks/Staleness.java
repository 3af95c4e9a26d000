package dev.consent.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How stale a second node's cached check is: two nodes (each its own pool, store and system, following the
 * change feed every {@code interval}) over one database; per trial a subject is granted on A and cached on B,
 * then withdrawn on A at a random moment of B's poll cycle, and the time from the withdrawal's return to B's
 * first denying check is measured, while background writers append on A (2 threads, each an append then a 2 ms
 * pause, on subjects of their own) and background checkers read B's cache (2 threads, bursts of 10,000 checks
 * with a 1 ms pause between).
 *
 * <p>Each trial is held to the bound the follower gives by construction: {@code max(interval, P) + P} plus the
 * window in which this loop observed the change (from the start of the last allowing check to the end of the
 * denying one: the drop happened within it), where {@code P} is B's longest poll so far, timed from when it was
 * due ({@code FeedStats.longestPollNanos}). A trial past it is a broken bound and makes the run exit with 1.
 *
 * <p>{@code java ... Staleness <databases> <trials> <interval ms> <results dir>}; the {@code staleness} Maven
 * profile runs 1,000 trials on H2 (file), PostgreSQL and MariaDB. Every table made is dropped afterwards.
 */
public final class Staleness {
    private static final int WRITERS = 2;
    private static final int CHECKERS = 2;
    private static final int LOAD_SUBJECTS = 2_000;
    /** Each writer's pause after an append: a steady stream of changes for B's follower to read. */
    private static final long WRITE_PAUSE_NANOS = 2_000_000;
    /** Checks per burst of a checker, then a pause: B's cache busy without taking both cores for good. */
    private static final int CHECK_BURST = 10_000;

    private static final long CHECK_PAUSE_NANOS = 1_000_000;

    private Staleness() {}

    /** Runs the trials and appends the figures to {@code staleness.md} in the results folder. */
    public static void main(String[] args) throws IOException {
        List<Databases> databases = new ArrayList<>();
        for (String id : args[0].split(",")) {
            databases.add(Databases.of(id.trim()));
        }
        int trials = Integer.parseInt(args[1]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[2]));
        Path results = Path.of(args[3]);
        Files.createDirectories(results);
        boolean broken = false;
        for (Databases db : databases) {
            if (db.url().isEmpty()) {
                System.out.println(db.id() + ": no URL, left out");
                continue;
            }
            Result r = run(db, trials, interval);
            String line = r.line();
            System.out.println(line);
            Files.writeString(
                    results.resolve("staleness.md"),
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            broken |= r.pastBound > 0;
        }
        System.exit(broken ? 1 : 0);
    }

    /** The figures of one database. */
    record Result(
            String database,
            int trials,
            long intervalNanos,
            long[] lags,
            long longestPoll,
            long maxBound,
            int pastBound,
            int pastInterval,
            long loadWrites,
            long loadChecks) {
        String line() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d | %d | %d writes, %d checks |",
                    database,
                    trials,
                    intervalNanos / 1_000_000,
                    ms(lags[lags.length / 2]),
                    ms(lags[(int) Math.ceil(lags.length * 0.99) - 1]),
                    ms(lags[lags.length - 1]),
                    ms(longestPoll),
                    ms(maxBound),
                    pastInterval,
                    pastBound,
                    loadWrites,
                    loadChecks);
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    static Result run(Databases db, int trials, Duration interval) {
        if (db == Databases.H2) {
            Databases.deleteH2Files();
        }
        String prefix = Databases.prefix();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong writes = new AtomicLong();
        AtomicLong checks = new AtomicLong();
        List<Thread> load = new ArrayList<>();
        try (Node a = new Node(db.url(), prefix, WRITERS + 1, null, interval);
                Node b = new Node(db.url(), prefix, 1, null, interval)) {
            for (int w = 0; w < WRITERS; w++) {
                String own = "load-" + w + "-";
                load.add(start("staleness-writer-" + w, () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        String subject = own + random.nextInt(LOAD_SUBJECTS);
                        if (random.nextBoolean()) {
                            a.consent.ledger().grant(subject, Fixture.EMAIL, Fixture.WEB);
                        } else {
                            a.consent.ledger().withdraw(subject, Fixture.EMAIL, Fixture.WEB);
                        }
                        writes.incrementAndGet();
                        LockSupport.parkNanos(WRITE_PAUSE_NANOS);
                    }
                }));
            }
            for (int c = 0; c < CHECKERS; c++) {
                load.add(start("staleness-checker-" + c, () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        for (int n = 0; n < CHECK_BURST; n++) {
                            b.consent.enforcer().check("load-0-" + random.nextInt(LOAD_SUBJECTS), Fixture.EMAIL);
                        }
                        checks.addAndGet(CHECK_BURST);
                        LockSupport.parkNanos(CHECK_PAUSE_NANOS);
                    }
                }));
            }
            long intervalNanos = interval.toNanos();
            long[] lags = new long[trials];
            long maxBound = 0;
            int pastBound = 0;
            int pastInterval = 0;
            for (int i = 0; i < trials; i++) {
                String subject = "trial-" + i;
                a.consent.ledger().grant(subject, Fixture.EMAIL, Fixture.WEB);
                while (!b.consent.enforcer().check(subject, Fixture.EMAIL).allowed()) {
                    LockSupport.parkNanos(1_000_000); // B has not seen the grant yet
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(intervalNanos));
                a.consent.ledger().withdraw(subject, Fixture.EMAIL, Fixture.WEB);
                long withdrawn = System.nanoTime();
                long previousCheckStarted = withdrawn;
                long denied;
                while (true) {
                    long started = System.nanoTime();
                    boolean allowed =
                            b.consent.enforcer().check(subject, Fixture.EMAIL).allowed();
                    denied = System.nanoTime();
                    if (!allowed) {
                        break;
                    }
                    previousCheckStarted = started;
                }
                lags[i] = denied - withdrawn;
                long poll = b.consent.feedStats().longestPollNanos();
                long bound = Math.max(intervalNanos, poll) + poll + (denied - previousCheckStarted);
                maxBound = Math.max(maxBound, bound);
                if (lags[i] > bound) {
                    pastBound++;
                    System.out.printf(
                            Locale.ROOT,
                            "%s trial %d: %.1f ms past its bound of %.1f ms%n",
                            db.id(),
                            i,
                            lags[i] / 1e6,
                            bound / 1e6);
                }
                if (lags[i] > intervalNanos) {
                    pastInterval++;
                }
            }
            stop.set(true);
            for (Thread t : load) {
                t.join();
            }
            Arrays.sort(lags);
            return new Result(
                    db.id(),
                    trials,
                    intervalNanos,
                    lags,
                    b.consent.feedStats().longestPollNanos(),
                    maxBound,
                    pastBound,
                    pastInterval,
                    writes.get(),
                    checks.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            stop.set(true);
            Databases.dropTables(db.url(), prefix);
            if (db == Databases.H2) {
                Databases.deleteH2Files();
            }
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
