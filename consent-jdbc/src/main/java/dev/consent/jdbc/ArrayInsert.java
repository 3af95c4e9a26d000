package dev.consent.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * On PostgreSQL, one {@code INSERT ... SELECT * FROM unnest(?::type[], ...)} statement for many rows of a table:
 * one array parameter per column, so the statement's text and plan do not depend on the number of rows and the
 * server parses no {@code VALUES} list (the import of 40,000 single-record rows spent about a third less time in
 * its statements than with {@link MultiRowInsert}). The rows are bound by the same {@link MultiRowInsert.RowBinder}
 * as the multi-row form, handed a stand-in statement that gathers each parameter into its column's array
 * ({@code setString}, {@code setLong}, {@code setInt}, {@code setBytes}, {@code setObject}, {@code setNull}).
 * Thread-safe.
 *
 * @param <T> what one row is made from
 */
final class ArrayInsert<T> {
    private final String text;
    private final String[] types;
    private final MultiRowInsert.RowBinder<T> binder;

    /**
     * @param table the table
     * @param columns its columns, comma-separated, in the binder's order
     * @param types each column's PostgreSQL array element type ({@code int8}, {@code text}, {@code bytea}, ...)
     * @param tail what follows the rows (an upsert clause), or the empty string
     */
    ArrayInsert(String table, String columns, List<String> types, String tail, MultiRowInsert.RowBinder<T> binder) {
        this.types = types.toArray(String[]::new);
        StringBuilder b = new StringBuilder("INSERT INTO ")
                .append(table)
                .append(" (")
                .append(columns)
                .append(")");
        b.append(" SELECT * FROM unnest(");
        for (int i = 0; i < this.types.length; i++) {
            b.append(i == 0 ? "" : ", ").append("?::").append(this.types[i]).append("[]");
        }
        b.append(")");
        if (!tail.isEmpty()) {
            b.append(' ').append(tail);
        }
        this.text = b.toString();
        this.binder = binder;
    }

    /**
     * Inserts the rows in one statement, on the connection's current transaction.
     *
     * @throws SQLException the statement's failure; the caller rolls the transaction back
     */
    void insert(Connection c, int timeoutSeconds, List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Object[][] columns = new Object[types.length][rows.size()];
        int[] row = new int[1];
        PreparedStatement sink = (PreparedStatement) Proxy.newProxyInstance(
                ArrayInsert.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    int column = (Integer) args[0] - 1;
                    switch (method.getName()) {
                        case "setNull" -> columns[column][row[0]] = null;
                        case "setString", "setLong", "setInt", "setBytes", "setObject" ->
                            columns[column][row[0]] = args[1];
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        for (T r : rows) {
            binder.bind(sink, 1, r);
            row[0]++;
        }
        try (PreparedStatement ps = c.prepareStatement(text)) {
            ps.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < types.length; i++) {
                ps.setArray(i + 1, c.createArrayOf(types[i], typed(types[i], columns[i])));
            }
            ps.executeUpdate();
        }
    }

    private static Object[] typed(String type, Object[] values) {
        Object[] out = switch (type) {
            case "int8" -> new Long[values.length];
            case "int4" -> new Integer[values.length];
            case "bytea" -> new byte[values.length][];
            default -> new String[values.length];
        };
        System.arraycopy(values, 0, out, 0, values.length);
        return out;
    }
}
