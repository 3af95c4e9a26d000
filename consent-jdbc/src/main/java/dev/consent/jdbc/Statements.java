package dev.consent.jdbc;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.Update;

/**
 * Creates the store's statements on a handle: each bounded by the query timeout, and failing with a message
 * that shows the SQL but not the bound values.
 */
final class Statements {
    private final int timeoutSeconds;

    Statements(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The query timeout, in whole seconds. */
    int timeoutSeconds() {
        return timeoutSeconds;
    }

    Query query(Handle h, String sql) {
        return withoutArguments(h.createQuery(sql)).setQueryTimeout(timeoutSeconds);
    }

    Update update(Handle h, String sql) {
        return withoutArguments(h.createUpdate(sql)).setQueryTimeout(timeoutSeconds);
    }

    PreparedBatch batch(Handle h, String sql) {
        return withoutArguments(h.prepareBatch(sql)).setQueryTimeout(timeoutSeconds);
    }

    /**
     * Jdbi's exception messages show the statement's bound arguments by default, and the arguments of an append
     * are evidence (IP address, user agent, attributes) that an application would log with the exception, out of
     * erasure's reach: the messages of this store's statements show the SQL only.
     */
    private static <S extends SqlStatement<S>> S withoutArguments(S statement) {
        return statement.configure(
                StatementExceptions.class,
                c -> c.setMessageRendering(e -> e.getShortMessage() + " [statement:\""
                        + e.getStatementContext().getRawSql() + "\"]"));
    }
}
