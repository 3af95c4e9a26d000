package dev.consent.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * T1: transactions and statements per single append, counted, not timed. One writer appends single-grant
 * interactions on new subjects through a node whose pool draws its connections from a
 * {@link CountingDataSource} (so the pool's own calls count too), with the feed poller off. On PostgreSQL the
 * server's own figure is taken as well: {@code xact_commit + xact_rollback} of {@code pg_stat_database} in a
 * database made for the count, the difference between a run of {@link #SMALL} and one of {@link #LARGE}
 * appends (which cancels setting up and closing), read after the pool is closed and its backends gone.
 */
final class AppendCount {
    static final int WARMUP = 20;
    static final int APPENDS = 200;
    static final int SMALL = 20;
    static final int LARGE = 220;
    private static final Pattern PG_DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

    private AppendCount() {}

    /** The counts per append on {@code db}, as one line of the summary. */
    static Gate perAppend(Databases db) {
        String url = db.url();
        String prefix = Databases.prefix();
        CountingDataSource counting = new CountingDataSource(url);
        double commits;
        double rollbacks;
        double autocommit;
        double statements;
        double probes;
        double sets;
        String others;
        try (Node node = new Node(url, prefix, 1, counting, Duration.ZERO)) {
            append(node, WARMUP);
            counting.reset();
            append(node, APPENDS);
            commits = counting.count("commit") / (double) APPENDS;
            rollbacks = counting.count("rollback") / (double) APPENDS;
            autocommit = counting.count("autocommit statement") / (double) APPENDS;
            statements = counting.count("statement") / (double) APPENDS;
            probes = counting.count("getTransactionIsolation") / (double) APPENDS;
            sets = (counting.count("setTransactionIsolation") + counting.count("setAutoCommit")) / (double) APPENDS;
            others = counting.counts().toString();
        } finally {
            Databases.dropTables(url, prefix);
        }
        double transactions = commits + rollbacks + autocommit;
        String figure = String.format(
                Locale.ROOT,
                "%.2f transactions (%.2f commits, %.2f rollbacks, %.2f statements in"
                        + " auto-commit); %.2f statements; %.2f isolation-level probes; %.2f isolation or auto-commit switches",
                transactions,
                commits,
                rollbacks,
                autocommit,
                statements,
                probes,
                sets);
        System.out.println("T1 " + db.id() + " calls over " + APPENDS + " appends: " + others);
        return Gate.exact(
                "T1 " + db.id(),
                "JDBC calls per single append, " + db.id() + " (counting data source)",
                figure,
                "1 transaction, no isolation-level probes (PostgreSQL: one statement in auto-commit mode;"
                        + " MariaDB: START TRANSACTION and COMMIT as statements, no auto-commit switch; H2: the"
                        + " auto-commit switch off and back on, counted and shown, which H2 runs in process)",
                transactions == 1.0 && probes == 0);
    }

    /** PostgreSQL's own count of transactions per append (pg_stat_database), in a database of its own. */
    static Gate serverTransactions(String url) {
        Matcher m = PG_DATABASE.matcher(url);
        if (!m.matches()) {
            return Gate.notMeasured("T1 server", "pg_stat_database transactions per append", "URL not understood", "1");
        }
        String database = "consent_bench_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        String countUrl = m.group(1) + database + m.group(3);
        admin(url, "CREATE DATABASE " + database);
        try {
            long small = run(url, countUrl, database, SMALL);
            long large = run(url, countUrl, database, LARGE);
            double perAppend = (large - small) / (double) (LARGE - SMALL);
            return Gate.exact(
                    "T1",
                    "transactions per single append, PostgreSQL (server's count, pg_stat_database)",
                    String.format(
                            Locale.ROOT,
                            "%.2f (%d over %d appends less %d over %d)",
                            perAppend,
                            large,
                            LARGE,
                            small,
                            SMALL),
                    "1",
                    perAppend == 1.0);
        } finally {
            admin(url, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** The server's transaction count for {@code database} after a node appended {@code appends} times. */
    private static long run(String adminUrl, String url, String database, int appends) {
        long before = transactions(adminUrl, database);
        try (Node node = new Node(url, Databases.prefix(), 1, null, Duration.ZERO)) {
            append(node, appends);
        }
        waitForBackends(adminUrl, database);
        return transactions(adminUrl, database) - before;
    }

    private static void append(Node node, int appends) {
        String subjects = "counted-" + Long.toHexString(System.nanoTime()) + "-";
        for (int i = 0; i < appends; i++) {
            node.consent.ledger().grant(subjects + i, Fixture.EMAIL, Fixture.WEB);
        }
    }

    private static long transactions(String adminUrl, String database) {
        try (Connection c = DriverManager.getConnection(adminUrl);
                PreparedStatement st = c.prepareStatement(
                        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
            st.setString(1, database);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_database", e);
        }
    }

    /** Waits until the closed pool's backends have exited (and so flushed their statistics). */
    private static void waitForBackends(String adminUrl, String database) {
        try (Connection c = DriverManager.getConnection(adminUrl);
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            st.setString(1, database);
            for (int i = 0; i < 100; i++) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
            Thread.sleep(500);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read pg_stat_activity", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void admin(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql, e);
        }
    }
}
