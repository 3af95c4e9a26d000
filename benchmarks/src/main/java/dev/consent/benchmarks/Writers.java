package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.WriteResult;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Appends per second on H2 (in memory), run once with one writer and once with two, each writer on subjects
 * of its own: what the ledger-head lock that orders commits costs when writers do not share subjects.
 * Reported, not gated.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Writers {
    JdbcConnectionPool pool;
    ConsentSystem consent;

    /** The subjects of one writer thread. */
    @State(Scope.Thread)
    public static class Own {
        String[] keys;
        int index;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            keys = new String[1_024];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "writer" + thread.getThreadIndex() + "-" + i;
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        pool = Fixture.h2();
        consent = Fixture.system(Fixture.jdbcStore(pool, "consent_"), 10_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consent.close();
        Fixture.dispose(pool);
    }

    @Benchmark
    public WriteResult append(Own own) {
        return consent.ledger().grant(own.keys[own.index++ & 1_023], Fixture.EMAIL, Fixture.WEB);
    }
}
