package dev.consent.jdbc;

import dev.consent.ConcurrentUpdateException;
import dev.consent.DuplicateInteractionException;
import dev.consent.spi.SubjectAppend;
import java.sql.SQLException;
import java.util.List;

/**
 * What a database failure means to the store: a constraint violation (another writer got there first) or a
 * serialization failure or deadlock (a new attempt of the transaction resolves it), read from the SQLSTATE and
 * error code of the {@link SQLException}s in the cause chain; and the exceptions of the API an append's failure
 * becomes.
 */
final class SqlErrors {
    private SqlErrors() {}

    /** Whether the failure is an integrity-constraint violation (SQLSTATE class 23). */
    static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s
                    && s.getSQLState() != null
                    && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is a serialization failure or deadlock, which a new attempt of the transaction
     * resolves: SQLSTATE 40001 or 40P01, or MariaDB's deadlock error 1213.
     */
    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s
                    && ("40001".equals(s.getSQLState())
                            || "40P01".equals(s.getSQLState())
                            || s.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    /** A conflict to retry, named after the append's first subject, with the database's failure as its cause. */
    static ConcurrentUpdateException conflict(List<SubjectAppend> appends, RuntimeException cause) {
        SubjectAppend first = appends.get(0);
        ConcurrentUpdateException conflict = new ConcurrentUpdateException(first.subject(), first.expectedSequence());
        conflict.initCause(cause);
        return conflict;
    }

    /** A duplicate interaction, named after the append's first subject and its interaction. */
    static DuplicateInteractionException duplicate(List<SubjectAppend> appends) {
        SubjectAppend first = appends.get(0);
        return new DuplicateInteractionException(first.subject(), first.interactionId());
    }
}
