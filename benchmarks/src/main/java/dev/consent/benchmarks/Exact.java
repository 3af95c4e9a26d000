package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.ProcessingDeniedException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The deterministic figures, measured directly rather than timed: bytes allocated per cached check (the
 * calling thread's own allocation counter, over a million calls after warm-up), SQL statements per cold
 * and bulk check (Jdbi's statement logger), and store loads caused by a withdrawal followed by a check.
 */
final class Exact {
    private static final int CALLS = 1_000_000;

    private Exact() {}

    /** Bytes the current thread allocated over {@link #CALLS} calls of {@code call}, after warm-up. */
    static long allocated(Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < CALLS / 5; i++) {
                call.run();
            }
        }
        long calibration = threads.getCurrentThreadAllocatedBytes();
        calibration = threads.getCurrentThreadAllocatedBytes() - calibration;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return threads.getCurrentThreadAllocatedBytes() - before - calibration;
    }

    static List<Gate> allocation() {
        CachedChecks state = new CachedChecks();
        state.subjects = 10_000;
        state.setUp();
        try {
            long allowed = allocated(state::requireAllowed);
            long bare = allocated(state::baselineGetIfPresent);
            long denied = allocated(() -> {
                Decision d = state.checkDenied();
                if (d.allowed()) {
                    throw new AssertionError("SMS was refused; the check must deny");
                }
            });
            long recipientAllowed = allocated(state::requireAllowedForRecipient);
            long recipientDenied = allocated(() -> {
                Decision d = state.checkRecipientNotAgreed();
                if (d.reason() != dev.consent.DecisionReason.RECIPIENT_NOT_AGREED) {
                    throw new AssertionError("the partner was added by a version nobody agreed to: " + d);
                }
            });
            return List.of(
                    Gate.exact(
                            "R1r alloc",
                            "bytes allocated per cached `require` for a recipient that allows",
                            perCall(recipientAllowed),
                            "0 B/call",
                            recipientAllowed < CALLS),
                    Gate.exact(
                            "R1rd alloc",
                            "bytes allocated per cached `check` for a recipient not agreed to (denies)",
                            perCall(recipientDenied),
                            "0 B/call",
                            recipientDenied < CALLS),
                    Gate.exact(
                            "R1 alloc",
                            "bytes allocated per cached `require` that allows",
                            perCall(allowed),
                            "0 B/call",
                            allowed < CALLS),
                    Gate.exact(
                            "R1d alloc",
                            "bytes allocated per cached `check` that denies",
                            perCall(denied),
                            "0 B/call",
                            denied < CALLS),
                    Gate.forComparison(
                            "base alloc",
                            "bytes allocated per bare Caffeine `getIfPresent`, measured alike",
                            perCall(bare)));
        } finally {
            state.tearDown();
        }
    }

    private static String perCall(long bytes) {
        return (bytes / CALLS) + " B/call (" + bytes + " B over " + CALLS + " calls)";
    }

    /** Statements per cold check (R2), per bulk check (R5), per cached check, and loads caused by R7. */
    static List<Gate> statements(int bulkSubjects) {
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
                Fixture.system(dev.consent.jdbc.JdbcConsentStore.builder(jdbi).build(), 2L * bulkSubjects)) {
            String[] subjects = Zipf.subjects(bulkSubjects);
            Fixture.populate(consent, subjects);
            int checks = 100;

            long cold = count(statements, () -> {
                for (int i = 0; i < checks; i++) {
                    consent.invalidate(subjects[i]);
                    consent.enforcer().check(subjects[i], Fixture.EMAIL);
                }
                return 0;
            });
            long cached = count(statements, () -> {
                for (int i = 0; i < checks; i++) {
                    consent.enforcer().require(subjects[i], Fixture.EMAIL);
                }
                return 0;
            });
            for (String s : subjects) {
                consent.invalidate(s);
            }
            long bulk = count(
                    statements,
                    () -> consent.enforcer()
                            .checkAll(List.of(subjects), Fixture.EMAIL)
                            .size());
            long chunks = (bulkSubjects + 999) / 1_000;

            for (int i = 0; i < checks; i++) {
                consent.enforcer().check(subjects[i], Fixture.EMAIL);
            }
            long loadsBefore = consent.enforcer().stats().cacheMisses();
            for (int i = 0; i < checks; i++) {
                consent.ledger().withdraw(subjects[i], Fixture.EMAIL, Fixture.WEB);
                try {
                    consent.enforcer().require(subjects[i], Fixture.EMAIL);
                    throw new AssertionError("a withdrawn purpose was allowed");
                } catch (ProcessingDeniedException expected) {
                    // the withdrawal took effect
                }
            }
            long reloads = consent.enforcer().stats().cacheMisses() - loadsBefore;
            return List.of(
                    Gate.exact(
                            "R2 stmts",
                            "statements per cold check (H2)",
                            cold + " over " + checks + " checks",
                            "1 per check",
                            cold == checks),
                    Gate.exact(
                            "R1 stmts",
                            "statements per cached check",
                            cached + " over " + checks + " checks",
                            "0",
                            cached == 0),
                    Gate.exact(
                            "R5 stmts",
                            "statements per bulk check of " + bulkSubjects + " cold subjects",
                            String.valueOf(bulk),
                            "≤ chunks + 1 = " + (chunks + 1),
                            bulk <= chunks + 1),
                    Gate.exact(
                            "R7 loads",
                            "store loads for " + checks + " × (`withdraw`, then `require`)",
                            String.valueOf(reloads),
                            "0",
                            reloads == 0));
        } finally {
            Fixture.dispose(pool);
        }
    }

    private static long count(AtomicLong statements, IntSupplier work) {
        statements.set(0);
        work.getAsInt();
        return statements.get();
    }
}
