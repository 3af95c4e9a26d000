package dev.consent.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL benchmark leaves nothing behind in the user's database: every table its store made, the relay,
 * link, request and registry tables of the later schema versions included, is dropped afterwards. Runs on the
 * server named by {@code consent.test.postgres.url}, as the store's own tests do.
 */
class PostgresTablesTest {

    @Test
    void theColdCheckBenchmark_dropsEveryTableItMade() throws SQLException {
        String url = System.getProperty("consent.test.postgres.url", "");
        assumeTrue(!url.isBlank(), "no PostgreSQL server named by consent.test.postgres.url: not run");
        String prefix = "benchdrop" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";

        Gate gate = Postgres.coldCheck(url, prefix, 20, 20, 100);

        assertThat(gate.outcome()).isIn(Gate.Outcome.MET, Gate.Outcome.NOT_MET);
        assertThat(tables(url, prefix)).isEmpty();
    }

    /** The tables of the database whose names start with {@code prefix}. */
    private static List<String> tables(String url, String prefix) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url);
                ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", null)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (name.startsWith(prefix)) {
                    names.add(name);
                }
            }
        }
        return names;
    }
}
