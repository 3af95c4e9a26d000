package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.Enforcer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
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
 * R2 and R5: checks that miss the cache and read H2 (in memory), against the bare query that reads the
 * same rows. Every subject is prepopulated (granted e-mail, refused SMS) through the library.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ColdChecks {
    /** The same row the store's cold check reads: the subject's latest e-mail record, found by index. */
    static final String ROW = "SELECT r.* FROM consent_current_state c JOIN consent_record r ON r.position = c.position"
            + " WHERE c.subject = :subject AND c.slot = :slot";
    /** The same answer as a bulk check: every subject's latest e-mail record, in one streamed query. */
    static final String ALL = "SELECT c.subject, r.action, r.expires_at FROM consent_current_state c"
            + " JOIN consent_record r ON r.position = c.position WHERE c.slot = ?";

    @Param("10000")
    public int subjects;

    JdbcConnectionPool pool;
    ConsentSystem consent;
    Enforcer enforcer;
    Jdbi jdbi;
    String[] keys;
    List<String> all;
    int index;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Fixture.h2();
        consent = Fixture.system(Fixture.jdbcStore(pool, "consent_"), 1_000);
        String[] population = Zipf.subjects(subjects);
        Fixture.populate(consent, population);
        enforcer = consent.enforcer();
        jdbi = Jdbi.create(pool);
        keys = Zipf.draw(population, 7);
        all = List.of(population);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consent.close();
        Fixture.dispose(pool);
    }

    /** R2: a check whose subject is not cached: one read of the store. */
    @Benchmark
    public Decision coldCheck() {
        String s = keys[index++ & Zipf.MASK];
        consent.invalidate(s);
        return enforcer.check(s, Fixture.EMAIL);
    }

    /** Baseline of R2: a bare Jdbi select of the same row by its indexes, every column read. */
    @Benchmark
    public Object[] baselineSelect() {
        String s = keys[index++ & Zipf.MASK];
        return jdbi.withHandle(h -> h.createQuery(ROW)
                .bind("subject", s)
                .bind("slot", Fixture.EMAIL)
                .map((rs, ctx) -> {
                    int n = rs.getMetaData().getColumnCount();
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    return row;
                })
                .one());
    }

    /** R5: a bulk check of every subject, none cached (a bulk check never fills the cache). */
    @Benchmark
    public Map<String, Decision> bulkCold() {
        return enforcer.checkAll(all, Fixture.EMAIL);
    }

    /** Baseline of R5: one streamed query giving the same answer (which subjects are allowed). */
    @Benchmark
    public int baselineStreamedQuery() throws SQLException {
        long now = System.currentTimeMillis();
        int allowed = 0;
        try (Connection c = pool.getConnection();
                PreparedStatement st = c.prepareStatement(ALL)) {
            st.setFetchSize(1_000);
            st.setString(1, Fixture.EMAIL);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    long expires = rs.getLong(3);
                    boolean unexpired = rs.wasNull() || expires > now;
                    if ("GRANTED".equals(rs.getString(2)) && unexpired) {
                        allowed++;
                    }
                }
            }
        }
        return allowed;
    }
}
