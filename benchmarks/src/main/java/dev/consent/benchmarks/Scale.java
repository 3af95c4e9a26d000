package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.SubjectState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * S1 and S2: a cold check and {@code stateAt} on a large ledger against the same on a small one (H2). The
 * ledger is written by bulk SQL, not through the library: {@code records / 100} subjects with 100 e-mail
 * grants each, with their current state and head. The hashes are placeholders (nothing here verifies
 * them). The full suite keeps both ledgers (10,000 and 10 million records) in H2 files, made once and
 * reused; quick mode keeps its smaller ones in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Scale {
    static final int PER_SUBJECT = 100;

    @Param("10000")
    public int records;

    /**
     * H2's page cache for the file ledgers, in KB: 512 MB, as a deployment with a 10-million-record ledger
     * would configure, instead of H2's default of 16 MB, which holds the index pages of the small ledger
     * but not of the large one. The same for both sizes.
     */
    static final int CACHE_KB = 512 * 1024;

    /** Whether the ledger is an H2 file (made once under {@code target/benchmark-data}, then reused). */
    @Param("false")
    public boolean file;

    JdbcConnectionPool pool;
    ConsentSystem consent;
    String[] keys;
    Instant[] middles;
    int index;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        Path data = Path.of("target", "benchmark-data", "ledger-" + records);
        boolean reuse = file && Files.exists(Path.of(data + ".mv.db"));
        pool = file
                ? JdbcConnectionPool.create(
                        "jdbc:h2:file:" + data.toAbsolutePath() + ";CACHE_SIZE=" + CACHE_KB, "sa", "")
                : Fixture.h2();
        consent = Fixture.system(Fixture.jdbcStore(pool, "consent_"), 1_000);
        long base;
        if (reuse) {
            base = readBase();
        } else {
            base = System.currentTimeMillis();
            populate(base);
        }
        int subjects = records / PER_SUBJECT;
        String[] population = new String[subjects];
        for (int i = 0; i < subjects; i++) {
            population[i] = "subject-" + i;
        }
        keys = Zipf.draw(population, 5);
        middles = new Instant[Zipf.SIZE];
        for (int i = 0; i < Zipf.SIZE; i++) {
            long k = Long.parseLong(keys[i].substring("subject-".length()));
            middles[i] = Instant.ofEpochMilli(base + k * PER_SUBJECT + PER_SUBJECT / 2);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consent.close();
        if (file) {
            pool.dispose();
        } else {
            Fixture.dispose(pool);
        }
    }

    /** S1: a check of a subject not in the cache. */
    @Benchmark
    public Decision coldCheck() {
        String s = keys[index++ & Zipf.MASK];
        consent.invalidate(s);
        return consent.enforcer().check(s, Fixture.EMAIL);
    }

    /** S2: the state of a subject with 100 records, halfway through its history. */
    @Benchmark
    public SubjectState stateAt() {
        int i = index++ & Zipf.MASK;
        return consent.ledger().stateAt(keys[i], middles[i]);
    }

    private long readBase() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT recorded_at FROM consent_record WHERE position = 1")) {
            rs.next();
            return rs.getLong(1) - 1;
        }
    }

    private void populate(long base) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET QUERY_TIMEOUT 0");
            }
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("INSERT INTO consent_record (position, record_id,"
                    + " subject, subject_seq, purpose_id, purpose_version, action, recorded_at, expires_at,"
                    + " notice_version, collection_point, channel, actor_type, actor_id, actor_authority,"
                    + " jurisdiction, interaction_id, evidence_digest, previous_hash, record_hash)"
                    + " SELECT X, '00000000-0000-4000-8000-' || LPAD(CAST(X AS VARCHAR), 12, '0'),"
                    + " 'subject-' || ((X - 1) / " + PER_SUBJECT + "), MOD(X - 1, " + PER_SUBJECT + ") + 1,"
                    + " 'marketing.email', 1, 'GRANTED', ? + X, NULL, NULL, 'signup_form_v3', 'WEB', 'SUBJECT',"
                    + " NULL, NULL, NULL, 'interaction-' || X, NULL,"
                    + " CASE WHEN MOD(X - 1, " + PER_SUBJECT + ") = 0 THEN NULL"
                    + " ELSE LPAD(CAST(X - 1 AS VARCHAR), 64, '0') END, LPAD(CAST(X AS VARCHAR), 64, '0')"
                    + " FROM SYSTEM_RANGE(?, ?)")) {
                for (long from = 1; from <= records; from += 500_000) { // commits bound the undo log
                    st.setLong(1, base);
                    st.setLong(2, from);
                    st.setLong(3, Math.min(records, from + 499_999));
                    st.executeUpdate();
                    c.commit();
                }
            }
            try (PreparedStatement st = c.prepareStatement("INSERT INTO consent_current_state (subject, slot,"
                    + " position) SELECT 'subject-' || X, 'marketing.email', (X + 1) * " + PER_SUBJECT
                    + " FROM SYSTEM_RANGE(0, ?)")) {
                st.setLong(1, records / PER_SUBJECT - 1);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE consent_ledger_head SET position = ?")) {
                st.setLong(1, records);
                st.executeUpdate();
            }
            c.commit();
        }
    }
}
