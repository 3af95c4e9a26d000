package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.Enforcer;
import dev.consent.audit.DriftAudit;
import dev.consent.audit.DriftReport;
import dev.consent.audit.ProcessingEvent;
import dev.consent.memory.InMemoryConsentStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A1: the drift audit's cost per event once the subject's history is loaded, against a cached
 * {@code enforcer.check} of the same subject and purpose. The log holds {@value #EVENTS} events of
 * {@value #SUBJECTS} subjects, grouped by subject (so one history read per {@value #PER_SUBJECT} events), nine
 * in ten for the granted purpose and one in ten for the refused one (a violation each); every subject is cached
 * for the baseline. Also {@link #historyReads()}, the exact gate of one history read (one statement, H2) per
 * subject.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DriftAudits {
    static final int SUBJECTS = 10;
    static final int PER_SUBJECT = 10_000;
    static final int EVENTS = SUBJECTS * PER_SUBJECT;

    ConsentSystem consent;
    Enforcer enforcer;
    DriftAudit audit;
    List<ProcessingEvent> events;

    @Setup(Level.Trial)
    public void setUp() {
        consent = Fixture.system(new InMemoryConsentStore(), 1_000);
        String[] subjects = Zipf.subjects(SUBJECTS);
        Fixture.populate(consent, subjects);
        enforcer = consent.enforcer();
        audit = DriftAudit.of(consent);
        events = log(subjects, Instant.now()); // after every grant
        for (String s : subjects) {
            enforcer.check(s, Fixture.EMAIL); // cached for the baseline
        }
    }

    /** {@link #PER_SUBJECT} events per subject, grouped; every tenth for the refused purpose. */
    static List<ProcessingEvent> log(String[] subjects, Instant at) {
        List<ProcessingEvent> out = new ArrayList<>(subjects.length * PER_SUBJECT);
        for (String s : subjects) {
            for (int i = 0; i < PER_SUBJECT; i++) {
                out.add(new ProcessingEvent(s, i % 10 == 9 ? Fixture.SMS : Fixture.EMAIL, at.plusMillis(i), "mailer"));
            }
        }
        return out;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consent.close();
    }

    /** A1: the audit of the whole log, per event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public DriftReport auditPerEvent(Blackhole bh) {
        return audit.run(events.iterator(), bh::consume);
    }

    /** Baseline of A1: a cached {@code check} per event, the decision consumed. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void cachedCheckPerEvent(Blackhole bh) {
        Enforcer e = enforcer;
        for (ProcessingEvent event : events) {
            bh.consume(e.check(event.subject(), event.purposeId()));
        }
    }

    /**
     * A1 reads: the statements a drift audit of {@code subjects} subjects, ten events each and grouped, runs on
     * H2 (each history is one select): exactly one per subject.
     */
    static Gate historyReads(int subjects) {
        AtomicLong statements = new AtomicLong();
        JdbcConnectionPool pool = Fixture.h2();
        Jdbi jdbi = Jdbi.create(pool);
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                statements.incrementAndGet();
            }
        });
        try (ConsentSystem consent =
                Fixture.system(dev.consent.jdbc.JdbcConsentStore.builder(jdbi).build(), 2L * subjects)) {
            String[] population = Zipf.subjects(subjects);
            Fixture.populate(consent, population);
            List<ProcessingEvent> log = new ArrayList<>();
            Instant at = Instant.now(); // after every grant
            for (String s : population) {
                for (int i = 0; i < 10; i++) {
                    log.add(new ProcessingEvent(s, i % 2 == 0 ? Fixture.EMAIL : Fixture.SMS, at, "mailer"));
                }
            }
            statements.set(0);
            DriftReport report = DriftAudit.of(consent).run(log.iterator(), v -> {});
            long read = statements.get();
            return Gate.exact(
                    "A1 reads",
                    "statements of a drift audit of " + subjects + " subjects × 10 events, grouped (H2)",
                    read + " (history reads " + report.historyReads() + ", violations " + report.violations() + ")",
                    "1 per subject",
                    read == subjects && report.historyReads() == subjects && report.violations() == 5L * subjects);
        } finally {
            Fixture.dispose(pool);
        }
    }
}
