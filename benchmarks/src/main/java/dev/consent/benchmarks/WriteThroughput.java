package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Write throughput (W1, W16, W16m, W16h, W2n): appends per second with N writer threads, each appending
 * single-grant interactions on subjects never seen before (as a cookie banner does), through the public API
 * ({@code ConsentSystem} over a {@code JdbcConsentStore}, one HikariCP pool); against raw JDBC inserting one
 * row of a record's width and committing it, with the same number of threads and a pool of its own; and two
 * nodes (two systems, each with its own pool, over one ledger) with 8 writers each. {@link WriteGates} runs
 * each database and thread count with both sides back to back.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WriteThroughput {
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** The database under test. */
    @State(Scope.Benchmark)
    public static class Target {
        @Param({"h2", "postgresql", "mariadb"})
        public String database;

        String url() {
            return Databases.of(database).url();
        }
    }

    /** The subjects of one writer thread: new ones, never repeated. */
    @State(Scope.Thread)
    public static class Writer {
        String prefix;
        long next;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            prefix = "visitor-" + Long.toHexString(System.nanoTime()) + "-" + thread.getThreadIndex() + "-";
        }

        String subject() {
            return prefix + next++;
        }
    }

    /** The library side: one node whose pool has a connection per writer. */
    @State(Scope.Benchmark)
    public static class Library {
        String url;
        String prefix;
        Node node;

        @Setup(Level.Trial)
        public void setUp(Target target, BenchmarkParams params) {
            url = target.url();
            prefix = Databases.prefix();
            node = new Node(url, prefix, params.getThreads(), null);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            node.close();
            Databases.dropTables(url, prefix);
        }
    }

    /** Two nodes over one ledger, each with its own pool. */
    @State(Scope.Benchmark)
    public static class TwoNodes {
        String url;
        String prefix;
        Node a;
        Node b;

        @Setup(Level.Trial)
        public void setUp(Target target, BenchmarkParams params) {
            url = target.url();
            prefix = Databases.prefix();
            int perNode = params.getThreads() / 2;
            a = new Node(url, prefix, perNode, null);
            b = new Node(url, prefix, perNode, null);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                a.close();
            } finally {
                b.close();
                Databases.dropTables(url, prefix);
            }
        }
    }

    /** The raw side: a plain table and a pool (auto-commit off) with a connection per writer. */
    @State(Scope.Benchmark)
    public static class Raw {
        final AtomicLong ids = new AtomicLong();
        String url;
        String prefix;
        String insert;
        HikariDataSource pool;

        @Setup(Level.Trial)
        public void setUp(Target target, BenchmarkParams params) {
            url = target.url();
            prefix = Databases.prefix();
            pool = Databases.pool(url, params.getThreads(), false, null);
            Databases.createRawTable(pool, prefix);
            insert = String.format(Locale.ROOT, Databases.RAW_INSERT, prefix);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.close();
            Databases.dropTables(url, prefix);
        }
    }

    /** One append through the public API: a grant of one purpose by a new subject. */
    @Benchmark
    public WriteResult library(Library library, Writer writer) {
        return library.node.consent.ledger().grant(writer.subject(), Fixture.EMAIL, Fixture.WEB);
    }

    /** The baseline: insert one row of a record's width and commit it. */
    @Benchmark
    public int raw(Raw raw, Writer writer) throws SQLException {
        try (Connection c = raw.pool.getConnection();
                PreparedStatement st = c.prepareStatement(raw.insert)) {
            long id = raw.ids.incrementAndGet();
            st.setLong(1, id);
            st.setString(2, new UUID(0x5eed, id).toString());
            st.setString(3, writer.subject());
            st.setString(4, Fixture.EMAIL);
            st.setInt(5, 1);
            st.setString(6, "GRANTED");
            st.setLong(7, 1_700_000_000_000L + id);
            st.setLong(8, 1_734_000_000_000L + id);
            st.setString(9, "signup_form_v3");
            st.setString(10, "WEB");
            st.setString(11, "SUBJECT");
            st.setString(12, "interaction-" + id);
            st.setString(13, HASH);
            int n = st.executeUpdate();
            c.commit();
            return n;
        }
    }

    /** Two nodes: the writers of the first. */
    @Benchmark
    @Group("twoNodes")
    @GroupThreads(8)
    public WriteResult nodeA(TwoNodes nodes, Writer writer) {
        return nodes.a.consent.ledger().grant(writer.subject(), Fixture.EMAIL, Fixture.WEB);
    }

    /** Two nodes: the writers of the second. */
    @Benchmark
    @Group("twoNodes")
    @GroupThreads(8)
    public WriteResult nodeB(TwoNodes nodes, Writer writer) {
        return nodes.b.consent.ledger().grant(writer.subject(), Fixture.EMAIL, Fixture.WEB);
    }
}
