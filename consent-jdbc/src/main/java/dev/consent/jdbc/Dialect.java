package dev.consent.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * The SQL dialects the store speaks. Detected from the JDBC driver's product name unless set with
 * {@link JdbcConsentStore.Builder#dialect(Dialect)}.
 */
public enum Dialect {
    /** H2 2.x, in memory or in a file: the embedded default. */
    H2("h2"),
    /** PostgreSQL 13 and later (evidence keys use gen_random_uuid), and engines that speak its protocol and SQL. */
    POSTGRESQL("postgresql"),
    /**
     * MariaDB 10.10 and later (evidence keys use its RANDOM_BYTES); MySQL 8 uses the same SQL, with its schema scripts in
     * {@code dev/consent/jdbc/schema/mysql/} applied by the application's migration tool (MySQL lacks the
     * collation of {@link #scriptFolder()}'s scripts).
     */
    MARIADB("mariadb");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The folder of this dialect's schema scripts: {@code dev/consent/jdbc/schema/<folder>/}. */
    public String scriptFolder() {
        return "dev/consent/jdbc/schema/" + folder + "/";
    }

    /**
     * The dialect for a JDBC driver's {@code DatabaseMetaData.getDatabaseProductName()}.
     *
     * @return empty for a database this store does not support
     */
    public static Optional<Dialect> forProductName(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return Optional.of(H2);
        }
        if (name.contains("postgres")) {
            return Optional.of(POSTGRESQL);
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return Optional.of(MARIADB);
        }
        return Optional.empty();
    }

    /**
     * The start of an insert-or-replace of current-state rows (columns subject, slot, position), up to
     * {@code VALUES}; the rows and {@link #currentStateUpsertTail} follow.
     */
    String currentStateUpsertHead(String table) {
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (subject, slot, position) KEY (subject, slot) VALUES";
            case POSTGRESQL, MARIADB -> "INSERT INTO " + table + " (subject, slot, position) VALUES";
        };
    }

    /** What follows the rows of {@link #currentStateUpsertHead}: the clause that replaces a row's position. */
    String currentStateUpsertTail() {
        return switch (this) {
            case H2 -> "";
            case POSTGRESQL -> "ON CONFLICT (subject, slot) DO UPDATE SET position = EXCLUDED.position";
            case MARIADB -> "ON DUPLICATE KEY UPDATE position = VALUES(position)";
        };
    }
}
