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
 *   <li>PostgreSQL: one statement in auto-commit mode ({@link PostgresAppend}), built on the Merkle tree's frontier
 *       this store saw last ({@link TreeSql}); if another writer moved the head since, one more such statement on
 *       the frontier read then, and if that misses too, the locked path below;
 *   <li>MariaDB: one anonymous compound statement ({@link MariadbAppend}), or where the server or connection
 *       does not take it, {@code START TRANSACTION}, the head lock, one statement per table and
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
        TreeSql tree = ledger.tree();
        PostgresAppend pg = postgres;
        MariadbAppend maria = mariadb;
        if (oneStatement && (pg != null || (maria != null && maria.usable(c)))) {
            // built on the frontier last seen; if another writer moved the head since, nothing is written, and one
            // more try follows on the frontier read now, then the locked path
            for (int attempt = 0; attempt < 2; attempt++) {
                TreeSql.Growth growth = new TreeSql.Growth(tree.predicted());
                growth.addAll(built);
                List<List<ConsentRecord>> written;
                if (pg != null) {
                    written = pg.insert(c, built, growth);
                } else {
                    try {
                        written = maria.insert(c, built, growth);
                    } catch (SQLException e) {
                        if (!maria.refused(e)) {
                            throw e;
                        }
                        // not taken by this server or connection, so nothing was written: per-table statements follow
                        break;
                    }
                }
                if (written != null) {
                    tree.observed(growth.frontier());
                    return written;
                }
                tree.refresh(h);
            }
        }
        if (dialect == Dialect.MARIADB) {
            return mariadbPerTable(h, c, built);
        }
        c.setAutoCommit(false);
        return perTable(h, c, built);
    }

    /** MariaDB without the compound statement: the head lock, one statement per table, with no auto-commit switch. */
    private List<List<ConsentRecord>> mariadbPerTable(Handle h, Connection c, List<SubjectAppend> built)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setQueryTimeout(timeoutSeconds);
            st.execute("START TRANSACTION");
            List<List<ConsentRecord>> results;
            TreeSql.Growth growth;
            try {
                growth = ledger.lockHead(h);
                results = ledger.inserts().insert(h, built, growth);
            } catch (RuntimeException e) {
                rollBack(e, () -> st.execute("ROLLBACK"));
                throw e;
            }
            st.execute("COMMIT");
            ledger.tree().observed(growth.frontier());
            return results;
        }
    }

    /** The head lock, one statement per table and the commit, on a connection out of auto-commit mode. */
    private List<List<ConsentRecord>> perTable(Handle h, Connection c, List<SubjectAppend> built) throws SQLException {
        List<List<ConsentRecord>> results;
        TreeSql.Growth growth;
        try {
            growth = ledger.lockHead(h);
            results = ledger.inserts().insert(h, built, growth);
        } catch (RuntimeException e) {
            rollBack(e, c::rollback);
            throw e;
        }
        c.commit();
        ledger.tree().observed(growth.frontier());
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
