package dev.consent.jdbc;

import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The upkeep of evidence at rest in a {@link JdbcConsentStore} ({@link JdbcConsentStore#evidenceAtRest()}), run
 * in batches by the application, never per erasure. Thread-safe. See docs/evidence-at-rest.md.
 *
 * <p>An erasure deletes a subject's evidence and data key in one transaction. What a database keeps of deleted
 * rows (PostgreSQL's dead tuples until VACUUM, InnoDB's delete-marked records and free space, H2's old chunks)
 * then holds the evidence only sealed, which no key opens any more once the deleted key row is gone from the
 * files too: {@link #finishErasures()} rewrites the small key table so that it is. The write-ahead log, a
 * replica's and a backup's copies of a key row last as long as those copies do; keys held outside the database
 * ({@link JdbcConsentStore.Builder#evidenceKeys}) or derived with a master key
 * ({@link JdbcConsentStore.Builder#evidenceMasterKey}) leave nothing in them that opens evidence.
 */
public final class EvidenceAtRest {
    private final JdbiCalls calls;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final EvidenceSql evidence;

    EvidenceAtRest(JdbiCalls calls, Jdbi jdbi, Dialect dialect, EvidenceSql evidence) {
        this.calls = calls;
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.evidence = evidence;
    }

    /**
     * Seals, in place, the evidence written before schema version 8 (plain columns), {@code batchSize} rows per
     * transaction, until none is left; then rewrites the evidence table as {@link #finishErasures()} rewrites the
     * key table, so the plain copies leave the live files (on H2, at the next {@code SHUTDOWN COMPACT}). The
     * evidence and its salt stay the same, so every record's digest, and {@code verify()}, stay as they were.
     * Safe to run while the store is in use, and again: with nothing left to seal it changes nothing.
     *
     * @param batchSize rows per transaction, 1 to 10,000
     * @return how many rows were sealed
     * @throws InvalidInputException if {@code batchSize} is out of range
     * @throws StoreUnavailableException if the database failed; the batches committed before stay sealed
     */
    public long sealStoredEvidence(int batchSize) {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new InvalidInputException("batchSize", batchSize, "must be between 1 and 10000");
        }
        long total = 0;
        for (int n;
                (n = calls.inTransaction("seal stored evidence", h -> evidence.sealPlainRows(h, batchSize))) > 0; ) {
            total += n;
        }
        if (total > 0) {
            rewrite(evidence.table());
        }
        return total;
    }

    /**
     * Finishes the erasures made since the last call in the database's own files: rewrites the key table, so no
     * deleted key row is left in them (PostgreSQL: {@code VACUUM FULL}, which locks the small key table for
     * as long as the copy takes, and so holds up appends with evidence; MariaDB and MySQL: {@code OPTIMIZE
     * TABLE}, which rebuilds it into a new file). On H2 it returns false: H2 compacts its file only while
     * closing, and the application finishes with {@code SHUTDOWN COMPACT} at a moment it chooses. With keys in
     * the application's {@code EvidenceKeys} there is no key table to rewrite, and it returns true at once.
     *
     * <p>Run it in batches, on a schedule (for example nightly), not after each erasure.
     *
     * @return whether the database's live files are finished now (false on H2)
     * @throws StoreUnavailableException if the database failed
     */
    public boolean finishErasures() {
        if (evidence.keys().external()) {
            return true;
        }
        return rewrite(evidence.keys().table());
    }

    private boolean rewrite(String table) {
        return switch (dialect) {
            case POSTGRESQL -> {
                autocommit("VACUUM FULL " + table);
                yield true;
            }
            case MARIADB -> {
                autocommit("OPTIMIZE TABLE " + table);
                yield true;
            }
            case H2 -> false;
        };
    }

    private void autocommit(String sql) {
        try {
            jdbi.useHandle(h -> run(h, sql));
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not run " + sql, e);
        }
    }

    private static void run(Handle h, String sql) {
        try (var s = h.getConnection().createStatement()) {
            h.getConnection().setAutoCommit(true);
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
        }
    }
}
