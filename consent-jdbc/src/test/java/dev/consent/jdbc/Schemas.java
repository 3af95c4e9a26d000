package dev.consent.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * What the database's own catalogue says about the tables of a prefix, read through JDBC metadata so that it
 * reads the same on every database (H2 keeps names in upper case, the others in lower case).
 */
final class Schemas {
    private final Jdbi jdbi;

    Schemas(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The dialect the database's product name implies. */
    Dialect dialect() {
        return read(c ->
                Dialect.forProductName(c.getMetaData().getDatabaseProductName()).orElseThrow());
    }

    /** The names of the prefix's tables without the prefix, lower case and sorted. */
    List<String> tables(String prefix) {
        return new ArrayList<>(actualNames(prefix).keySet());
    }

    /**
     * The prefix's tables as lines, without the prefix and without index names (H2 numbers them): each
     * column with its type, size and nullability in order, and each index with its uniqueness and columns.
     * Two prefixes with equal shapes have the same schema.
     */
    List<String> shape(String prefix) {
        Map<String, String> tables = actualNames(prefix);
        return read(c -> {
            DatabaseMetaData meta = c.getMetaData();
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, String> table : tables.entrySet()) {
                try (ResultSet rs = meta.getColumns(c.getCatalog(), c.getSchema(), table.getValue(), "%")) {
                    while (rs.next()) {
                        lines.add(table.getKey() + " column " + rs.getInt("ORDINAL_POSITION") + " "
                                + lower(rs.getString("COLUMN_NAME")) + " " + lower(rs.getString("TYPE_NAME")) + "("
                                + rs.getInt("COLUMN_SIZE") + ") nullable=" + rs.getString("IS_NULLABLE"));
                    }
                }
                Map<String, List<String>> indexes = new TreeMap<>();
                try (ResultSet rs = meta.getIndexInfo(c.getCatalog(), c.getSchema(), table.getValue(), false, false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") == null || rs.getString("COLUMN_NAME") == null) {
                            continue;
                        }
                        String key = rs.getString("INDEX_NAME") + (rs.getBoolean("NON_UNIQUE") ? " " : " unique");
                        indexes.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(rs.getInt("ORDINAL_POSITION") + ":" + lower(rs.getString("COLUMN_NAME")));
                    }
                }
                List<String> described = new ArrayList<>();
                indexes.forEach((key, columns) ->
                        described.add(table.getKey() + " index" + (key.endsWith("unique") ? " unique " : " ")
                                + columns.stream().sorted().toList()));
                described.sort(null);
                lines.addAll(described);
            }
            return lines;
        });
    }

    /**
     * Lower-case name without the prefix, to the name as the database keeps it; a partitioned table counts as
     * one table, its partitions as none.
     */
    private Map<String, String> actualNames(String prefix) {
        List<String> partitions = dialect() != Dialect.POSTGRESQL
                ? List.of()
                : jdbi.withHandle(h -> h.createQuery("SELECT relname FROM pg_class WHERE relispartition")
                        .mapTo(String.class)
                        .list());
        return read(c -> {
            Map<String, String> names = new TreeMap<>();
            try (ResultSet rs = c.getMetaData()
                    .getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (lower(name).startsWith(prefix) && !partitions.contains(name)) {
                        names.put(lower(name).substring(prefix.length()), name);
                    }
                }
            }
            return names;
        });
    }

    private <T> T read(Reader<T> reader) {
        return jdbi.withHandle(h -> {
            try {
                return reader.read(h.getConnection());
            } catch (SQLException e) {
                throw new IllegalStateException("could not read the database's catalogue", e);
            }
        });
    }

    private interface Reader<T> {
        T read(Connection c) throws SQLException;
    }

    private static String lower(String s) {
        return s == null ? "null" : s.toLowerCase(Locale.ROOT);
    }
}
