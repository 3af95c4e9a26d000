package dev.consent.imports;

import dev.consent.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An import source over the rows of a SQL query: a legacy table read where it is, without exporting it first.
 *
 * <pre>{@code
 * ImportSource legacy = QuerySource.of("crm.consents", dataSource,
 *                 "SELECT customer_id, purpose, opted_in, updated_at AS collected_at FROM consents ORDER BY id")
 *         .withColumn(ImportSource.USER_ID, "customer_id")
 *         .withColumn(ImportSource.GRANTED, "opted_in");
 * }</pre>
 *
 * <p><b>Columns</b> are found by their label (the column's name, or its alias), compared case-insensitively, since
 * H2 reports unquoted names in upper case and PostgreSQL in lower case. The labels are those of
 * {@link ImportSource#COLUMNS} unless {@link #withColumn} names another; other columns are ignored. A required
 * column the result lacks is rejected with {@link InvalidInputException} naming it when the pass opens, before
 * any row is read, so before the import writes anything.
 *
 * <p><b>Values</b> are read as the text the importer parses: SQL {@code NULL} as a missing value; {@code BOOLEAN}
 * (and {@code BIT}) as {@code true} or {@code false}; {@code TIMESTAMP WITH TIME ZONE} (PostgreSQL's
 * {@code timestamptz}) as its ISO-8601 instant; {@code TIMESTAMP} without a zone (also MariaDB's
 * {@code DATETIME}) as a local date-time, which the importer places in its zone ({@link Importer.Builder#zone},
 * UTC by default); {@code DATE} as its midnight, likewise; anything else as the driver's text
 * ({@code getString}), so integer flags {@code 1}/{@code 0} and texts such as {@code yes} read as booleans.
 *
 * <p><b>Order.</b> Rows are numbered from 1 in the order the query returns them. Give the query an
 * {@code ORDER BY} on a unique key: an {@link ImportCheckpoint} skips rows by their number, so a run whose rows
 * come in another order than the run that saved the checkpoint would skip the wrong ones. (Without a checkpoint
 * any order is safe: rows written before are found present.) A subject's rows must also come in time order
 * ({@link ImportSource}): a key that grows with time, or {@code ORDER BY collected_at, id}, gives both.
 *
 * <p><b>Connection.</b> Each pass takes one connection from the data source and runs the query in one read-only
 * transaction with auto-commit off, forward-only with a fetch size of {@value #FETCH_SIZE}, so that drivers that
 * can stream the rows (PostgreSQL, MariaDB) do; closing the pass rolls back (nothing is written through it),
 * restores the connection's auto-commit and read-only settings and closes it. A connection, query or row the
 * driver fails on is an {@link ImportSourceException} naming the source (and the row).
 *
 * <p>Immutable and thread-safe; each {@link #open()} runs the query again.
 */
public final class QuerySource implements ImportSource {
    /** Rows fetched per round trip, for drivers that stream. */
    public static final int FETCH_SIZE = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(QuerySource.class);

    private final String name;
    private final DataSource dataSource;
    private final String sql;
    private final Map<String, String> labels;

    private QuerySource(String name, DataSource dataSource, String sql, Map<String, String> labels) {
        this.name = name;
        this.dataSource = dataSource;
        this.sql = sql;
        this.labels = Map.copyOf(labels);
    }

    /**
     * The rows {@code sql} returns on a connection from {@code dataSource}.
     *
     * @param name the source's name, see {@link ImportSource#name()}: part of every row's interaction id, so keep
     *     it the same across runs of one legacy table
     * @param sql a query, best ordered by a unique key (see the class description)
     * @throws InvalidInputException if {@code name} or {@code sql} is blank
     */
    public static QuerySource of(String name, DataSource dataSource, String sql) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(sql, "sql");
        if (name.isBlank()) {
            throw new InvalidInputException("name", name, "must not be blank");
        }
        if (sql.isBlank()) {
            throw new InvalidInputException("sql", sql, "must not be blank");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            labels.put(column, column);
        }
        return new QuerySource(name, dataSource, sql, labels);
    }

    /**
     * This source with {@code column} read from the result column labelled {@code label} (case-insensitively),
     * as {@code withColumn(ImportSource.USER_ID, "customer_id")}; an alias in the query does the same.
     *
     * @throws InvalidInputException if {@code column} is not one of {@link ImportSource#COLUMNS}, or
     *     {@code label} is blank
     */
    public QuerySource withColumn(String column, String label) {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(label, "label");
        if (!COLUMNS.contains(column)) {
            throw new InvalidInputException("column", column, "is not one of " + COLUMNS);
        }
        if (label.isBlank()) {
            throw new InvalidInputException("label", label, "must not be blank");
        }
        Map<String, String> next = new LinkedHashMap<>(labels);
        next.put(column, label);
        return new QuerySource(name, dataSource, sql, next);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Runs the query.
     *
     * @throws InvalidInputException if the result lacks a required column, naming it
     * @throws ImportSourceException if no connection could be had or the query failed
     */
    @Override
    public Rows open() {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new ImportSourceException(
                    "could not connect to the database of import source " + name + ": " + e.getMessage(), e);
        }
        QueryRows rows = new QueryRows(name, connection);
        try {
            rows.start(sql, labels);
            return rows;
        } catch (SQLException e) {
            rows.close();
            throw new ImportSourceException(
                    "could not run the query of import source " + name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "QuerySource[" + name + "]";
    }

    /** How a column's values become text. */
    private enum Kind {
        TEXT,
        BOOLEAN,
        INSTANT,
        LOCAL_DATE_TIME,
        DATE;

        static Kind of(int type, @Nullable String typeName) {
            String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
            switch (type) {
                case Types.BOOLEAN:
                case Types.BIT:
                    return BOOLEAN;
                case Types.TIMESTAMP_WITH_TIMEZONE:
                    return INSTANT;
                case Types.TIMESTAMP:
                    return t.contains("timestamptz") || t.contains("time zone") ? INSTANT : LOCAL_DATE_TIME;
                case Types.DATE:
                    return DATE;
                default:
                    return TEXT;
            }
        }

        @Nullable
        String read(ResultSet rs, int index) throws SQLException {
            switch (this) {
                case BOOLEAN:
                    boolean b = rs.getBoolean(index);
                    return rs.wasNull() ? null : Boolean.toString(b);
                case INSTANT:
                    OffsetDateTime at = rs.getObject(index, OffsetDateTime.class);
                    return at == null ? null : at.toInstant().toString();
                case LOCAL_DATE_TIME:
                    LocalDateTime local = rs.getObject(index, LocalDateTime.class);
                    return local == null ? null : local.toString();
                case DATE:
                    LocalDate day = rs.getObject(index, LocalDate.class);
                    return day == null ? null : day.atStartOfDay().toString();
                default:
                    return rs.getString(index);
            }
        }
    }

    /** A column of the result the import reads: its import column name, index and kind. */
    private record Column(String name, String label, int index, Kind kind) {}

    /** One pass: the connection, the running query, and the settings to restore. */
    private static final class QueryRows implements Rows {
        private final String source;
        private final Connection connection;
        private final boolean autoCommit;
        private final boolean readOnly;
        private final List<Column> columns = new ArrayList<>();
        private @Nullable PreparedStatement statement;
        private @Nullable ResultSet result;
        private boolean changed;
        private boolean closed;
        private long row;

        QueryRows(String source, Connection connection) {
            this.source = source;
            this.connection = connection;
            boolean a = true;
            boolean r = false;
            try {
                a = connection.getAutoCommit();
                r = connection.isReadOnly();
            } catch (SQLException e) {
                LOG.debug("Could not read the connection's settings; restoring the defaults after the pass", e);
            }
            this.autoCommit = a;
            this.readOnly = r;
        }

        void start(String sql, Map<String, String> labels) throws SQLException {
            connection.setAutoCommit(false);
            changed = true;
            connection.setReadOnly(true);
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(FETCH_SIZE);
            result = statement.executeQuery();
            ResultSetMetaData meta = result.getMetaData();
            List<String> found = new ArrayList<>();
            Map<String, Integer> at = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i);
                found.add(label);
                at.putIfAbsent(label.toLowerCase(Locale.ROOT), i);
            }
            for (String column : COLUMNS) {
                String label = labels.get(column);
                Integer i = at.get(label.toLowerCase(Locale.ROOT));
                if (i != null) {
                    columns.add(
                            new Column(column, label, i, Kind.of(meta.getColumnType(i), meta.getColumnTypeName(i))));
                } else if (Importer.REQUIRED.contains(column)) {
                    throw new InvalidInputException(
                            "columns",
                            String.join(",", found),
                            "the query of import source " + source + " has no column " + label + " (for " + column
                                    + ")");
                }
            }
        }

        @Override
        public @Nullable SourceRow next() {
            ResultSet rs = Objects.requireNonNull(result, "result");
            String reading = "row " + (row + 1);
            try {
                if (!rs.next()) {
                    return null;
                }
                Map<String, String> values = new HashMap<>();
                for (Column c : columns) {
                    reading = "row " + (row + 1) + ", column " + c.label();
                    String value = c.kind().read(rs, c.index());
                    if (value != null) {
                        values.put(c.name(), value);
                    }
                }
                row++;
                return new SourceRow(row, values);
            } catch (SQLException e) {
                throw new ImportSourceException(
                        "could not read " + reading + " of import source " + source + ": " + e.getMessage(), e);
            }
        }

        /** Releases the result, the statement and the connection; a failure here is logged, as every row is read. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (Connection c = connection) {
                try (AutoCloseable s = statement;
                        AutoCloseable r = result) {
                    // closed in reverse order: the result, then the statement
                }
                if (changed) {
                    c.rollback();
                    c.setAutoCommit(autoCommit);
                    c.setReadOnly(readOnly);
                }
            } catch (Exception e) {
                LOG.warn("Could not release the connection of import source {} cleanly", source, e);
            }
        }
    }
}
