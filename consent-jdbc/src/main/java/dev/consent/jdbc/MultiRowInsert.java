package dev.consent.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@code INSERT ... VALUES (...), (...), ...} statement for many rows of a table, instead of a JDBC batch
 * of one statement per row: the server parses, plans and locks once per statement, and MariaDB's driver, which
 * sends a batch as one statement per row, sends one. Rows beyond what one statement binds (a bound on the
 * parameters per statement, well under every database's limit) go in further statements. The texts of the
 * smaller row counts are kept; a larger one is built when needed. Thread-safe.
 *
 * @param <T> what one row is made from
 */
final class MultiRowInsert<T> {
    /** The most parameters one statement binds (PostgreSQL allows 32,767, MariaDB 65,535). */
    static final int MAX_PARAMETERS = 8_000;

    private static final int CACHED_ROWS = 64;

    /** Binds one row's values from parameter {@code index} on, and returns the index after them. */
    @FunctionalInterface
    interface RowBinder<T> {
        int bind(PreparedStatement ps, int index, T row) throws SQLException;
    }

    private final String head;
    private final String row;
    private final String tail;
    private final int rowsPerStatement;
    private final RowBinder<T> binder;
    private final ConcurrentHashMap<Integer, String> texts = new ConcurrentHashMap<>();

    /**
     * @param head the statement up to {@code VALUES} included, e.g. {@code INSERT INTO t (a, b) VALUES}
     * @param width the parameters of one row
     * @param tail what follows the rows (an upsert clause), or the empty string
     */
    MultiRowInsert(String head, int width, String tail, RowBinder<T> binder) {
        this.head = head;
        this.row = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        this.tail = tail;
        this.rowsPerStatement = Math.max(1, MAX_PARAMETERS / width);
        this.binder = binder;
    }

    /**
     * Inserts the rows, in as few statements as the bound allows, on the connection's current transaction.
     *
     * @throws SQLException the first statement's failure; the caller rolls the transaction back
     */
    void insert(Connection c, int timeoutSeconds, List<T> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += rowsPerStatement) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + rowsPerStatement));
            try (PreparedStatement ps = c.prepareStatement(text(chunk.size()))) {
                ps.setQueryTimeout(timeoutSeconds);
                int index = 1;
                for (T r : chunk) {
                    index = binder.bind(ps, index, r);
                }
                ps.executeUpdate();
            }
        }
    }

    private String text(int rows) {
        if (rows <= CACHED_ROWS) {
            return texts.computeIfAbsent(rows, this::build);
        }
        return build(rows);
    }

    private String build(int rows) {
        StringBuilder b = new StringBuilder(head.length() + tail.length() + rows * (row.length() + 2) + 2);
        b.append(head);
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? " " : ", ").append(row);
        }
        if (!tail.isEmpty()) {
            b.append(' ').append(tail);
        }
        return b.toString();
    }
}
