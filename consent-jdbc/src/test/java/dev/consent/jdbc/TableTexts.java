package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.ConsentStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the canary searches in a database: every value of every column of every table the store owns, found
 * through the JDBC metadata (so a table or column added later is searched too), binary columns read as Latin-1
 * and UTF-8.
 */
final class TableTexts {
    private TableTexts() {}

    /** Every text in the tables of {@code store}, a store of {@code database}. */
    static List<String> of(TestDatabase database, ConsentStore store) {
        String prefix = ((TestStore) store).jdbc().tablePrefix().toLowerCase(Locale.ROOT);
        List<String> texts = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Connection c = database.pool().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs =
                    meta.getTables(c.getCatalog(), c.getSchema(), null, new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                        tables.add(name);
                    }
                }
            }
            for (String table : tables) {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof byte[] b) {
                                texts.add(new String(b, StandardCharsets.ISO_8859_1));
                                texts.add(new String(b, StandardCharsets.UTF_8));
                            } else if (v != null) {
                                texts.add(v.toString());
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(tables)
                .as("the store's tables, found through the metadata")
                .hasSizeGreaterThanOrEqualTo(9)
                .anySatisfy(t -> assertThat(t.toLowerCase(Locale.ROOT)).isEqualTo(prefix + "evidence"))
                .anySatisfy(t -> assertThat(t.toLowerCase(Locale.ROOT)).isEqualTo(prefix + "record"));
        return texts;
    }
}
