package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The databases of the write benchmarks: H2 in a file, and the PostgreSQL and MariaDB servers named by
 * {@code benchmarks.postgres.url} and {@code benchmarks.mariadb.url} (the local servers by default; an empty
 * value leaves that database out). Every trial works in tables of its own prefix, dropped afterwards.
 */
enum Databases {
    H2(
            "benchmarks.h2.url",
            "jdbc:h2:file:" + Path.of("target", "benchmark-data", "writes").toAbsolutePath() + ";WRITE_DELAY=0"),
    POSTGRESQL("benchmarks.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
    MARIADB("benchmarks.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    /**
     * The raw side's table: the width of a record (ids, subject, purpose, timestamps, a SHA-256 hash in hex, a
     * few short strings) with a primary key and no other index. The same SQL on all three databases.
     */
    static final String RAW_TABLE = "CREATE TABLE %sraw_event (id BIGINT NOT NULL PRIMARY KEY,"
            + " record_id CHAR(36) NOT NULL, subject VARCHAR(255) NOT NULL, purpose_id VARCHAR(100) NOT NULL,"
            + " purpose_version INT NOT NULL, action VARCHAR(32) NOT NULL, recorded_at BIGINT NOT NULL,"
            + " expires_at BIGINT, collection_point VARCHAR(255), channel VARCHAR(32) NOT NULL,"
            + " actor_type VARCHAR(32) NOT NULL, interaction_id VARCHAR(255) NOT NULL, record_hash CHAR(64) NOT NULL)";

    static final String RAW_INSERT = "INSERT INTO %sraw_event (id, record_id, subject, purpose_id, purpose_version,"
            + " action, recorded_at, expires_at, collection_point, channel, actor_type, interaction_id, record_hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final String property;
    private final String fallback;

    Databases(String property, String fallback) {
        this.property = property;
        this.fallback = fallback;
    }

    /** The JDBC URL: the system property if given, else the local default; empty when left out. */
    String url() {
        return System.getProperty(property, fallback).trim();
    }

    /** The name used in the benchmark parameter and the results. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Databases of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** A table prefix no other trial uses. */
    static String prefix() {
        return "w" + Long.toHexString(System.nanoTime() & 0xfffffffL) + "_";
    }

    /** A HikariCP pool of {@code size} connections over {@code url} (or over {@code dataSource} if given). */
    static HikariDataSource pool(String url, int size, boolean autoCommit, DataSource dataSource) {
        HikariConfig config = new HikariConfig();
        if (dataSource == null) {
            config.setJdbcUrl(url);
        } else {
            config.setDataSource(dataSource);
        }
        config.setMaximumPoolSize(size);
        config.setAutoCommit(autoCommit);
        config.setPoolName("bench-" + size);
        return new HikariDataSource(config);
    }

    /** Creates the raw side's table under {@code prefix}. */
    static void createRawTable(DataSource pool, String prefix) {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.execute(String.format(Locale.ROOT, RAW_TABLE, prefix));
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the raw table " + prefix + "raw_event", e);
        }
    }

    /** Drops every table whose name starts with {@code prefix} (a trial's own). */
    static void dropTables(String url, String prefix) {
        try (Connection c = java.sql.DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            List<String> tables = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                        tables.add(name);
                    }
                }
            }
            for (String t : tables) {
                st.execute("DROP TABLE IF EXISTS " + t + (url.startsWith("jdbc:mariadb") ? "" : " CASCADE"));
            }
        } catch (SQLException e) {
            System.err.println("could not drop the benchmark tables " + prefix + "*: " + e);
        }
    }

    /** Deletes the H2 file database of the write benchmarks (before and after a run). */
    static void deleteH2Files() {
        Path dir = Path.of("target", "benchmark-data");
        try {
            for (String suffix : new String[] {".mv.db", ".trace.db", ".lock.db"}) {
                Files.deleteIfExists(dir.resolve("writes" + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
