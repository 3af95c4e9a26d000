package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.Enforcer;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.ProcessingDeniedException;
import dev.consent.Purpose;
import dev.consent.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
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
 * R3, R4 and R7: writes to H2 (in memory), against raw JDBC inserts of rows of the same shape into a copy of
 * the record table ({@code raw_record}, created by the library's own schema script under another prefix, so
 * it has the same columns, keys and indexes). Subjects are prepopulated and their snapshots cached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Appends {
    /** Records in one import interaction (R4). */
    static final int IMPORT_SIZE = 1_000;

    static final String INSERT = "INSERT INTO raw_record (position, record_id, subject, subject_seq, purpose_id,"
            + " purpose_version, action, recorded_at, expires_at, notice_version, collection_point, channel,"
            + " actor_type, actor_id, actor_authority, jurisdiction, interaction_id, evidence_digest, previous_hash,"
            + " record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Param("1000")
    public int subjects;

    JdbcConnectionPool pool;
    ConsentSystem consent;
    Enforcer enforcer;
    String[] keys;
    String[] importPurposes;
    long rawPosition;
    int index;
    int importSubject;

    @Setup(Level.Trial)
    public void setUp() {
        pool = Fixture.h2();
        Fixture.jdbcStore(pool, "raw_"); // the baseline's tables
        consent = Fixture.system(Fixture.jdbcStore(pool, "consent_"), 2L * subjects);
        importPurposes = new String[IMPORT_SIZE];
        for (int i = 0; i < IMPORT_SIZE; i++) {
            importPurposes[i] = "import.p" + i;
            consent.purposes()
                    .define(Purpose.builder(importPurposes[i])
                            .title("Imported " + i)
                            .description("An imported purpose.")
                            .legalBasis(LegalBasis.CONSENT)
                            .build());
        }
        String[] population = Zipf.subjects(subjects);
        Fixture.populate(consent, population);
        enforcer = consent.enforcer();
        for (String s : population) {
            enforcer.check(s, Fixture.EMAIL);
        }
        keys = Zipf.draw(population, 11);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consent.close();
        Fixture.dispose(pool);
    }

    /** R3: one grant (one record, hash chain included). */
    @Benchmark
    public WriteResult append() {
        return consent.ledger().grant(keys[index++ & Zipf.MASK], Fixture.EMAIL, Fixture.WEB);
    }

    /** Baseline of R3: a raw JDBC insert of one row of the same shape, and its commit. */
    @Benchmark
    public int baselineInsert() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            int n;
            try (PreparedStatement st = c.prepareStatement(INSERT)) {
                bind(st, keys[index++ & Zipf.MASK], ++rawPosition);
                n = st.executeUpdate();
            }
            c.commit();
            return n;
        }
    }

    /** R7: a withdrawal, then a check of it (answered from the snapshot the write updated). */
    @Benchmark
    public Object withdrawThenRequire() {
        String s = keys[index++ & Zipf.MASK];
        consent.ledger().withdraw(s, Fixture.EMAIL, Fixture.WEB);
        try {
            enforcer.require(s, Fixture.EMAIL);
            throw new AssertionError("a withdrawn purpose was allowed");
        } catch (ProcessingDeniedException expected) {
            return expected;
        }
    }

    /** Baseline of R7: the withdrawal alone (one append). */
    @Benchmark
    public WriteResult withdrawOnly() {
        return consent.ledger().withdraw(keys[index++ & Zipf.MASK], Fixture.EMAIL, Fixture.WEB);
    }

    /** R4: one interaction of 1,000 records (an import), each subject new. */
    @Benchmark
    public WriteResult importInteraction() {
        Interaction.Builder b =
                Interaction.builder("imported-" + importSubject++).context(Fixture.IMPORT);
        for (String p : importPurposes) {
            b.grant(p);
        }
        return consent.ledger().record(b.build());
    }

    /** Baseline of R4: a raw JDBC batch of 1,000 rows of the same shape, and its commit. */
    @Benchmark
    public int[] baselineBatch() throws SQLException {
        String subject = "raw-imported-" + importSubject++;
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            int[] n;
            try (PreparedStatement st = c.prepareStatement(INSERT)) {
                for (int i = 0; i < IMPORT_SIZE; i++) {
                    bind(st, subject, ++rawPosition);
                    st.addBatch();
                }
                n = st.executeBatch();
            }
            c.commit();
            return n;
        }
    }

    private static void bind(PreparedStatement st, String subject, long position) throws SQLException {
        st.setLong(1, position);
        st.setString(2, new UUID(0x5eed, position).toString());
        st.setString(3, subject);
        st.setLong(4, position);
        st.setString(5, Fixture.EMAIL);
        st.setInt(6, 1);
        st.setString(7, "GRANTED");
        st.setLong(8, 1_700_000_000_000L + position);
        st.setLong(9, 1_734_000_000_000L + position);
        st.setNull(10, Types.VARCHAR);
        st.setString(11, "signup_form_v3");
        st.setString(12, "WEB");
        st.setString(13, "SUBJECT");
        st.setNull(14, Types.VARCHAR);
        st.setNull(15, Types.VARCHAR);
        st.setNull(16, Types.VARCHAR);
        st.setString(17, "interaction-" + position);
        st.setNull(18, Types.CHAR);
        st.setString(19, HASH);
        st.setString(20, HASH);
    }
}
