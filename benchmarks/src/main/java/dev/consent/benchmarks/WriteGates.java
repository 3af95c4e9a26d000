package dev.consent.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the write benchmarks ({@link WriteThroughput}) and the transaction count ({@link AppendCount}), and
 * writes JMH's JSON of every run and a summary ({@code <name>.json}, {@code <name>.md}) to the results
 * directory. For each database and thread count the library and the raw baseline run back to back in this
 * one JVM; on PostgreSQL the two-node run follows the 16-writer pair. Usage:
 * {@code WriteGates quick|full <results directory>}; {@code -Dbenchmarks.writes.name} names the files
 * ({@code WriteThroughput} by default), {@code -Dbenchmarks.writes.threads} lists the thread counts
 * ({@code 1,2,4,8,16}), {@code -Dbenchmarks.writes.databases} the databases ({@code h2,postgresql,mariadb});
 * {@code -Dbenchmarks.h2.url}, {@code -Dbenchmarks.postgres.url} and {@code -Dbenchmarks.mariadb.url} point
 * elsewhere than the local defaults. Exits 1 when a gate fails only with {@code -Dbenchmarks.strict=true}.
 */
public final class WriteGates {
    private static final int TWO_NODE_WRITERS = 16;
    private final boolean full;
    private final Path results;
    private final List<RunResult> all = new ArrayList<>();
    private final Map<String, RunResult> byKey = new LinkedHashMap<>();

    WriteGates(boolean full, Path results) {
        this.full = full;
        this.results = results;
    }

    public static void main(String[] args) {
        boolean full = args.length > 0 && args[0].equals("full");
        Path dir = Path.of(args.length > 1 ? args[1] : "results");
        List<Gate> gates = new WriteGates(full, dir).run();
        boolean strict = Boolean.getBoolean("benchmarks.strict");
        System.exit(gates.stream().anyMatch(g -> g.fails(strict)) ? 1 : 0);
    }

    List<Gate> run() {
        long started = System.nanoTime();
        double loadBefore = load();
        int[] threads = Arrays.stream(System.getProperty("benchmarks.writes.threads", "1,2,4,8,16")
                        .split(","))
                .map(String::trim)
                .mapToInt(Integer::parseInt)
                .toArray();
        List<String> wanted = Arrays.stream(System.getProperty("benchmarks.writes.databases", "h2,postgresql,mariadb")
                        .split(","))
                .map(String::trim)
                .toList();
        List<Databases> databases = Arrays.stream(Databases.values())
                .filter(d -> wanted.contains(d.id()) && !d.url().isEmpty())
                .toList();
        Databases.deleteH2Files();
        List<Gate> gates = new ArrayList<>();
        try {
            for (Databases db : databases) {
                gates.add(AppendCount.perAppend(db));
            }
            if (databases.contains(Databases.POSTGRESQL)) {
                gates.add(AppendCount.serverTransactions(Databases.POSTGRESQL.url()));
            }
            for (Databases db : databases) {
                for (int t : threads) {
                    jmh(db, "\\.(library|raw)$", t);
                    if (db == Databases.POSTGRESQL && t == TWO_NODE_WRITERS) {
                        jmh(db, "\\.twoNodes$", t);
                    }
                }
            }
        } finally {
            Databases.deleteH2Files();
        }
        gates.add(ratio("W1", "1 writer, PostgreSQL", "postgresql", 1, 0.67));
        gates.add(ratio("W16", "16 writers, PostgreSQL", "postgresql", 16, 1.0));
        gates.add(ratio("W16m", "16 writers, MariaDB", "mariadb", 16, 1.0));
        gates.add(ratio("W16h", "16 writers, H2 file", "h2", 16, 1.0));
        RunResult two = byKey.get("postgresql/twoNodes/16");
        RunResult one = byKey.get("postgresql/library/16");
        if (two != null && one != null) {
            gates.add(Gate.atLeast(
                    "W2n",
                    "2 nodes × 8 writers, PostgreSQL",
                    "1 node × 16 writers",
                    best(two),
                    best(one),
                    "appends/s",
                    0.9));
        }
        write(gates, threads, databases, (System.nanoTime() - started) / 1_000_000_000L, loadBefore);
        return gates;
    }

    private Gate ratio(String id, String measured, String database, int threads, double goal) {
        RunResult lib = byKey.get(database + "/library/" + threads);
        RunResult raw = byKey.get(database + "/raw/" + threads);
        if (lib == null || raw == null) {
            return Gate.notMeasured(id, measured, "not in this run", "≥ " + goal + "×");
        }
        return Gate.atLeast(
                id,
                measured,
                "raw insert + commit, " + threads + " thread" + (threads == 1 ? "" : "s"),
                best(lib),
                best(raw),
                "/s",
                goal);
    }

    private void jmh(Databases db, String methods, int threads) {
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include(WriteThroughput.class.getName() + methods)
                .param("database", db.id())
                .forks(0)
                .shouldFailOnError(true);
        if (methods.contains("twoNodes")) {
            o.threadGroups(threads / 2, threads / 2);
        } else {
            o.threads(threads);
        }
        if (full) {
            o.warmupIterations(2)
                    .warmupTime(TimeValue.seconds(2))
                    .measurementIterations(4)
                    .measurementTime(TimeValue.seconds(3));
        } else {
            o.warmupIterations(1)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(1)
                    .measurementTime(TimeValue.seconds(2));
        }
        try {
            for (RunResult r : new Runner(o.build()).run()) {
                String name = r.getParams().getBenchmark();
                String side = name.substring(name.lastIndexOf('.') + 1);
                all.add(r);
                byKey.put(db.id() + "/" + side + "/" + threads, r);
            }
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed for " + db.id() + " at " + threads + " threads", e);
        }
    }

    /** The best measured iteration, as in {@link Gates}: bursts of other load slow single iterations. */
    static double best(RunResult r) {
        double best = r.getPrimaryResult().getScore();
        for (var b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                best = Math.max(best, i.getPrimaryResult().getScore());
            }
        }
        return best;
    }

    private static String spread(RunResult r) {
        double min = Double.MAX_VALUE;
        for (var b : r.getBenchmarkResults()) {
            for (IterationResult i : b.getIterationResults()) {
                min = Math.min(min, i.getPrimaryResult().getScore());
            }
        }
        return String.format(
                Locale.ROOT,
                "%.0f (mean %.0f, min %.0f)",
                best(r),
                r.getPrimaryResult().getScore(),
                min);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void write(List<Gate> gates, int[] threads, List<Databases> databases, long seconds, double loadBefore) {
        StringBuilder md = new StringBuilder();
        md.append("# Write throughput (").append(full ? "full" : "quick").append(")\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Run %s in %d s on %d cores, %s %s, %s %s; load average %.1f before," + " %.1f after.%n",
                Instant.now(),
                seconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                loadBefore,
                load()));
        md.append(
                full
                        ? "Each figure: 2 warm-up and 4 measured iterations of 3 s (warm-up 2 s)"
                        : "Quick: 1 warm-up iteration of 1 s and 1 measured of 2 s");
        md.append(", in one JVM; the ratio uses each side's best measured iteration (the JSON has every one).\n\n");
        md.append("| database | writers | library appends/s | raw insert + commit/s | ratio (best) |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Databases db : databases) {
            for (int t : threads) {
                RunResult lib = byKey.get(db.id() + "/library/" + t);
                RunResult raw = byKey.get(db.id() + "/raw/" + t);
                if (lib != null && raw != null) {
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %s | %.2f× |%n",
                            db.id(),
                            t,
                            spread(lib),
                            spread(raw),
                            best(lib) / best(raw)));
                }
            }
        }
        RunResult two = byKey.get("postgresql/twoNodes/" + TWO_NODE_WRITERS);
        if (two != null) {
            md.append("| postgresql | 2 nodes × 8 | ").append(spread(two)).append(" | — | — |\n");
        }
        md.append("\n| id | measured | against | figure | gate | result |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Gate g : gates) {
            md.append(g.row()).append('\n');
        }
        String name = System.getProperty("benchmarks.writes.name", "WriteThroughput");
        try {
            Files.createDirectories(results);
            Files.writeString(results.resolve(name + ".md"), md);
            try (PrintStream out =
                    new PrintStream(Files.newOutputStream(results.resolve(name + ".json")), true, "UTF-8")) {
                ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(all);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(md);
    }
}
