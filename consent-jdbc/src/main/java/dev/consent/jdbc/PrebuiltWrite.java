package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * One transaction of a batch whose appends were all built before it, on states not read from the database:
 * the writes only, with the unique keys on (subject, subject_seq) and on the interaction checking each state.
 * In as few round trips as each database allows:
 *
 * <ul>
 *   <li>PostgreSQL: one statement in auto-commit mode ({@link PostgresAppend});
 *   <li>MariaDB: one anonymous compound statement ({@link MariadbAppend}), or where the server or connection
 *       does not take it, {@code START TRANSACTION}, the head's move, one statement per table and
 *       {@code COMMIT} (the driver's auto-commit switches would cost a round trip each);
 *   <li>H2, and appends that carry evidence: the head lock, one statement per table, the commit.
 * </ul>
 */
final class PrebuiltWrite {
    private final Jdbi jdbi;
    private final LedgerSql ledger;
    private final int timeoutSeconds;
    private final Dialect dialect;
    private final @Nullable PostgresAppend postgres;
    private final @Nullable MariadbAppend mariadb;

    PrebuiltWrite(Jdbi jdbi, LedgerSql ledger, Statements statements, String prefix, Dialect dialect) {
        this.jdbi = jdbi;
        this.ledger = ledger;
        this.timeoutSeconds = statements.timeoutSeconds();
        this.dialect = dialect;
        this.postgres = dialect == Dialect.POSTGRESQL ? new PostgresAppend(prefix, timeoutSeconds) : null;
        this.mariadb = dialect == Dialect.MARIADB ? new MariadbAppend(prefix, timeoutSeconds) : null;
    }

    /** The one-statement writer of PostgreSQL, for the store's transactions that read first; null elsewhere. */
    @Nullable
    PostgresAppend postgres() {
        return postgres;
    }

    /**
     * Writes the appends in one transaction and commits.
     *
     * @return each append's records with their positions, in the order given; null if nothing was written
     *     because a state built on was not current, an interaction is recorded already, or the database asked to
     *     try again (a serialization failure or deadlock): the batch is to run again, reading its states
     * @throws SQLException if the database failed otherwise, or the commit's outcome is unknown
     */
    @Nullable
    List<List<ConsentRecord>> write(List<SubjectAppend> built) throws SQLException {
        try (Handle h = jdbi.open()) {
            Connection c = h.getConnection();
            boolean autoCommit = c.getAutoCommit();
            try {
                return autoCommit ? inAutoCommit(h, c, built) : perTable(h, c, built);
            } catch (AppendInserts.Failed e) {
                if (rerun(e.getCause())) {
                    return null;
                }
                throw e.getCause();
            } catch (SQLException e) {
                if (rerun(e)) {
                    return null;
                }
                throw e;
            } finally {
                if (autoCommit && !c.getAutoCommit()) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException | RuntimeException ignored) {
                        // the pool resets or discards the connection
                    }
                }
            }
        }
    }

    /** Whether a failure rolled the transaction back for a reason a run that reads the states resolves. */
    private static boolean rerun(Throwable failure) {
        return SqlErrors.isConstraintViolation(failure) || SqlErrors.isRetryable(failure);
    }

    private List<List<ConsentRecord>> inAutoCommit(Handle h, Connection c, List<SubjectAppend> built)
            throws SQLException {
        boolean oneStatement = OffsetRows.accepts(built);
        if (postgres != null && oneStatement) {
            return postgres.insert(c, built);
        }
        MariadbAppend maria = mariadb;
        if (maria != null && oneStatement && maria.usable(c)) {
            try {
                return maria.insert(c, built);
            } catch (SQLException e) {
                if (!maria.refused(e)) {
                    throw e;
                }
                // not taken by this server or connection, so nothing was written: the per-table statements follow
            }
        }
        if (dialect == Dialect.MARIADB) {
            return mariadbPerTable(h, c, built);
        }
        c.setAutoCommit(false);
        return perTable(h, c, built);
    }

    /** MariaDB without the compound statement: six round trips, with no auto-commit switch. */
    private List<List<ConsentRecord>> mariadbPerTable(Handle h, Connection c, List<SubjectAppend> built)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            st.execute("START TRANSACTION");
            List<List<ConsentRecord>> results;
            try {
                int records = built.stream().mapToInt(a -> a.records().size()).sum();
                long base = ledger.inserts().moveHeadBy(c, records);
                results = ledger.inserts().insert(h, built, base, false);
            } catch (SQLException | RuntimeException e) {
                rollBack(e, () -> st.execute("ROLLBACK"));
                throw e;
            }
            st.execute("COMMIT");
            return results;
        }
    }

    /** The head lock, one statement per table and the commit, on a connection out of auto-commit mode. */
    private List<List<ConsentRecord>> perTable(Handle h, Connection c, List<SubjectAppend> built) throws SQLException {
        List<List<ConsentRecord>> results;
        try {
            results = ledger.inserts().insert(h, built, ledger.lockHead(h));
        } catch (RuntimeException e) {
            rollBack(e, c::rollback);
            throw e;
        }
        c.commit();
        return results;
    }

    /** A rollback: a statement or the connection's own. */
    @FunctionalInterface
    private interface Rollback {
        void run() throws SQLException;
    }

    /** Rolls back after {@code failure}; a failed rollback is kept with the database's exception. */
    private static void rollBack(Exception failure, Rollback rollback) {
        try {
            rollback.run();
        } catch (SQLException | RuntimeException r) {
            (failure instanceof AppendInserts.Failed f ? f.getCause() : failure).addSuppressed(r);
        }
    }
}
