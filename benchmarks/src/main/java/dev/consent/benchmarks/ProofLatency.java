package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Hash;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.merkle.ConsistencyProof;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.MerkleProofs;
import dev.consent.merkle.TreeHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Merkle log proofs on a large ledger (MP1, MP2 and the tree's storage MS): a ledger of N records written with batched SQL
 * ({@link BulkLedger}) and vacuumed and analysed as autovacuum would, the store's tree built once by the first proof
 * (the JDBC store catches the kept tree up to the head in transactions of 50,000 records), then inclusion proofs of random records and consistency proofs from random sizes
 * to N, timed one by one after a warm-up, with the statements each proof runs counted. The storage the tree takes
 * is read from the database (PostgreSQL {@code pg_total_relation_size}, H2 {@code DISK_SPACE_USED}) beside the
 * record table's. Usage: {@code ProofLatency <results directory>} (writes {@code MerkleProofs-<databases>-<records>.md} there); {@code -Dbenchmarks.merkle.records} (10,000,000),
 * {@code .proofs} (1,000 of each kind), {@code .databases} ({@code h2,postgresql}) set the run. Every table is
 * dropped, and the H2 file deleted, afterwards, unless {@code .keep=true}; {@code .reuse=<table prefix>} measures
 * the ledger a kept run left (and keeps it).
 */
public final class ProofLatency {
    private static final long LIMIT_NANOS = 5_000_000;
    /** Statements a proof may run whatever the ledger's size: the record, the head, the kept size, two reads. */
    static final int MAX_STATEMENTS = 6;

    private final long records;
    private final int proofs;
    private final StringBuilder md = new StringBuilder();
    private final List<Gate> gates = new ArrayList<>();

    private final String databases;
    private final String h2File;

    /** @param h2File the name of the H2 database file under {@code target/benchmark-data} */
    ProofLatency(long records, int proofs, String databases, String h2File) {
        this.records = records;
        this.proofs = proofs;
        this.databases = databases;
        this.h2File = h2File;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "results");
        long records = Long.getLong("benchmarks.merkle.records", 10_000_000L);
        int proofs = Integer.getInteger("benchmarks.merkle.proofs", 1_000);
        List<String> dbs = Arrays.stream(System.getProperty("benchmarks.merkle.databases", "h2,postgresql")
                        .split(","))
                .map(String::trim)
                .toList();
        ProofLatency run = new ProofLatency(records, proofs, String.join(",", dbs), "merkle");
        double loadBefore = load();
        long started = System.nanoTime();
        for (String db : dbs) {
            run.measure(Databases.of(db));
        }
        run.write(dir, loadBefore, (System.nanoTime() - started) / 1_000_000_000L);
        boolean strict = Boolean.getBoolean("benchmarks.strict");
        System.exit(run.gates.stream().anyMatch(g -> g.fails(strict)) ? 1 : 0);
    }

    private String url(Databases db) {
        if (db == Databases.H2) {
            return "jdbc:h2:file:" + Path.of("target", "benchmark-data", h2File).toAbsolutePath();
        }
        return db.url();
    }

    private void deleteH2() throws IOException {
        for (String suffix : new String[] {".mv.db", ".trace.db", ".lock.db"}) {
            Files.deleteIfExists(Path.of("target", "benchmark-data", h2File + suffix));
        }
    }

    void measure(Databases db) throws Exception {
        String url = url(db);
        // a ledger kept by an earlier run (benchmarks.merkle.reuse=<its table prefix>) is measured again, not written
        String reuse = System.getProperty("benchmarks.merkle.reuse", "").trim();
        boolean keep = reuse.length() > 0 || Boolean.getBoolean("benchmarks.merkle.keep");
        String prefix = reuse.isEmpty() ? "mk" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_" : reuse;
        String name = db.id();
        if (db == Databases.H2 && reuse.isEmpty()) {
            deleteH2();
        }
        md.append("\n## ").append(name).append("\n\n");
        try (HikariDataSource setup = Databases.pool(url, 2, true, null)) {
            // the schema, then the rows
            JdbcConsentStore.builder(setup).tablePrefix(prefix).build();
            long t0 = System.nanoTime();
            long n;
            if (reuse.isEmpty()) {
                String writeUrl = db == Databases.POSTGRESQL ? url + "&reWriteBatchedInserts=true" : url;
                n = BulkLedger.write(writeUrl, prefix, records);
                line("ledger of %,d records written with batched SQL in %.0f s", n, seconds(t0));
            } else {
                n = count(url, prefix + "record");
                line("ledger of %,d records kept by an earlier run (tables %s)", n, prefix);
            }
            if (keep) {
                line("tables kept afterwards: -Dbenchmarks.merkle.reuse=%s", prefix);
            }
            // a table written in one burst has no statistics and no visibility map until autovacuum gets to it (and
            // then autovacuum's pass over gigabytes runs beside the proofs); a production ledger, grown over months,
            // has both: vacuum and analyse as the server would before timing anything
            long ta = System.nanoTime();
            analyze(url, db, prefix, "record", "interaction", "current_state", "ledger_head");
            line("tables vacuumed and analysed in %.1f s", seconds(ta));
            double recordBytes = size(url, db, prefix + "record");
            double otherBytes = size(url, db, prefix + "interaction") + size(url, db, prefix + "current_state");

            // the tree: the first proof catches it up; first with the default query timeout, as an operator would
            long t1 = System.nanoTime();
            String failure = null;
            try (ConsentSystem consent = system(setup, prefix, null)) {
                consent.ledger().proveConsistency(1, n);
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (failure != null) {
                line("first proof with the default 5 s query timeout: failed after %.1f s (%s)", seconds(t1), failure);
                t1 = System.nanoTime();
                try (ConsentSystem consent = system(setup, prefix, Duration.ofHours(1))) {
                    consent.ledger().proveConsistency(1, n);
                }
                line("first proof with a 1 h query timeout (tree caught up): %.1f s", seconds(t1));
            } else {
                line("first proof (tree caught up, default query timeout): %.1f s", seconds(t1));
            }
            analyze(url, db, prefix, "merkle_node", "ledger_head");
            try {
                settle(url, db);
            } catch (SQLException e) {
                line("no checkpoint before the proofs (%s)", e.getMessage());
            }
            double nodeBytes = size(url, db, prefix + "merkle_node");
            long nodes = count(url, prefix + "merkle_node");
            line(
                    "storage: record table %.0f B/record, interaction + current state %.0f B/record; merkle_node %,d"
                            + " rows, %.1f B/record (%.1f %% of the record table), plus the head row's frontier"
                            + " (%d × 32 B)",
                    recordBytes / n,
                    otherBytes / n,
                    nodes,
                    nodeBytes / n,
                    100 * nodeBytes / recordBytes,
                    Long.bitCount(n));
            gates.add(Gate.forComparison(
                    "MS" + suffix(db),
                    "Merkle tree storage per record, " + name + " (" + String.format(Locale.ROOT, "%,d", n)
                            + " records)",
                    String.format(
                            Locale.ROOT,
                            "%.1f B/record (record table %.0f B/record)",
                            nodeBytes / n,
                            recordBytes / n)));
            try {
                proofs(db, url, prefix, n);
            } catch (RuntimeException e) {
                // a proof that fails (a statement over the query timeout) misses the gate; the figure says why
                String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                line("proofs failed: %s", why);
                gates.add(Gate.timing("MP" + suffix(db), "proofs, " + name, "failed: " + why, "≤ 5 ms p99", false));
            }
        } finally {
            if (!keep) {
                Databases.dropTables(url, prefix);
                if (db == Databases.H2) {
                    deleteH2();
                }
            }
        }
    }

    private void proofs(Databases db, String url, String prefix, long n) {
        CountingDataSource counting = new CountingDataSource(url);
        try (HikariDataSource pool = Databases.pool(url, 2, true, counting);
                ConsentSystem consent = system(pool, prefix, null)) {
            JdbcConsentStore store = (JdbcConsentStore) storeOf(pool, prefix);
            Hash root = store.tree().frontier().root();
            SplittableRandom random = new SplittableRandom(42);
            // one of each checked against the root, outside the timing
            long p = 1 + random.nextLong(n);
            ConsentRecord r = store.readRecord(BulkLedger.recordId(p)).orElseThrow();
            consent.ledger().proveInclusion(r.id(), n).verify(TreeHashes.leaf(r.hash()), root);
            long m = 1 + random.nextLong(n - 1);
            consent.ledger().proveConsistency(m, n).verify(MerkleProofs.root(m, store.tree()), root);

            // enough proofs of each kind for the JIT to compile the store's read paths before the timing
            int warmUps = Math.max(200, proofs);
            LongConsumer inclusion = x -> {
                InclusionProof proof = consent.ledger().proveInclusion(BulkLedger.recordId(x), n);
                if (proof.leafIndex() != x - 1) {
                    throw new AssertionError("proof of leaf " + proof.leafIndex() + " for position " + x);
                }
            };
            LongConsumer consistency = x -> {
                ConsistencyProof proof = consent.ledger().proveConsistency(x, n);
                if (proof.size1() != x) {
                    throw new AssertionError("consistency proof from " + proof.size1() + " for " + x);
                }
            };
            time(db, "MP1", "inclusion proof of a random record", n, warmUps, inclusion, 1, random, counting);
            time(db, "MP2", "consistency proof from a random size", n, warmUps, consistency, 1, random, counting);
        }
    }

    private void time(
            Databases db,
            String id,
            String what,
            long n,
            int warmUps,
            LongConsumer proof,
            long from,
            SplittableRandom random,
            CountingDataSource counting) {
        for (int i = 0; i < warmUps; i++) {
            proof.accept(from + random.nextLong(n - from));
        }
        counting.reset();
        long[] nanos = new long[proofs];
        for (int i = 0; i < proofs; i++) {
            long x = from + random.nextLong(n - from);
            long start = System.nanoTime();
            proof.accept(x);
            nanos[i] = System.nanoTime() - start;
        }
        double statements = (double) counting.count("statement") / proofs;
        Arrays.sort(nanos);
        long p50 = nanos[proofs / 2];
        long p99 = nanos[Math.min(proofs - 1, proofs * 99 / 100)];
        long max = nanos[proofs - 1];
        String figure = String.format(
                Locale.ROOT,
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms; %.1f statements/proof",
                p50 / 1e6,
                p99 / 1e6,
                max / 1e6,
                statements);
        line("%s (%,d after %,d warm-up): %s; counts %s", what, proofs, warmUps, figure, counting.counts());
        gates.add(Gate.exact(
                id + suffix(db) + " stmts",
                "statements per " + what + ", " + db.id(),
                String.format(
                        Locale.ROOT, "%.2f (%,d over %,d proofs)", statements, counting.count("statement"), proofs),
                "≤ " + MAX_STATEMENTS + " on average, whatever the ledger's size",
                statements <= MAX_STATEMENTS));
        gates.add(Gate.timing(
                id + suffix(db),
                what + ", " + db.id() + ", " + String.format(Locale.ROOT, "%,d", n) + " records",
                figure,
                "≤ 5 ms p99",
                p99 <= LIMIT_NANOS));
    }

    /** The rows of the summary so far. */
    List<Gate> gates() {
        return gates;
    }

    private static String suffix(Databases db) {
        return db == Databases.H2 ? "h" : db == Databases.MARIADB ? "m" : "";
    }

    private static JdbcConsentStore storeOf(javax.sql.DataSource pool, String prefix) {
        return JdbcConsentStore.builder(pool).tablePrefix(prefix).build();
    }

    private static ConsentSystem system(javax.sql.DataSource pool, String prefix, Duration timeout) {
        JdbcConsentStore.Builder b = JdbcConsentStore.builder(pool).tablePrefix(prefix);
        if (timeout != null) {
            b.queryTimeout(timeout);
        }
        // no feed poller: its reads would count as the proofs' statements
        return ConsentSystem.builder()
                .store(b.build())
                .feedPollInterval(Duration.ZERO)
                .build();
    }

    /**
     * Does what autovacuum would: PostgreSQL {@code VACUUM ANALYZE} of each table (statistics for the planner, the
     * visibility map), H2's {@code ANALYZE} (statistics of every table).
     */
    private static void analyze(String url, Databases db, String prefix, String... tables) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            if (db == Databases.POSTGRESQL) {
                for (String table : tables) {
                    st.execute("VACUUM ANALYZE " + prefix + table);
                }
            } else {
                st.execute("ANALYZE");
            }
        }
    }

    /**
     * Writes out what the bulk load left dirty (PostgreSQL {@code CHECKPOINT}, H2 a checkpoint of its store), so
     * the proofs are timed on a database at rest, not beside the flush of gigabytes just written.
     */
    private static void settle(String url, Databases db) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(db == Databases.POSTGRESQL ? "CHECKPOINT" : "CHECKPOINT SYNC");
        }
    }

    /** The bytes a table takes with its indexes. */
    private static double size(String url, Databases db, String table) throws SQLException {
        String sql = db == Databases.POSTGRESQL
                ? "SELECT pg_total_relation_size('" + table + "')"
                : "SELECT DISK_SPACE_USED('" + table.toUpperCase(Locale.ROOT) + "')";
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long count(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        md.append("- ").append(s).append('\n');
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void write(Path dir, double loadBefore, long seconds) {
        StringBuilder out = new StringBuilder("# Merkle log proofs\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Run %s in %d s on %d cores, %s %s; load average %.1f before, %.1f after; %,d records, %,d proofs of"
                        + " each kind per database.%n",
                Instant.now(),
                seconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                loadBefore,
                load(),
                records,
                proofs));
        out.append(md);
        out.append("\n| id | measured | against | figure | gate | result |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Gate g : gates) {
            out.append(g.row()).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("MerkleProofs-" + databases.replace(',', '-') + "-" + records + ".md"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println(out);
    }
}
