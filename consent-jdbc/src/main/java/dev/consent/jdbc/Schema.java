package dev.consent.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The small migration step: applies the versioned scripts of a dialect that the database lacks. Each script
 * records its own version in {@code <prefix>schema_version}, so a script an application applies with its own
 * migration tool is recorded as if this class had applied it. Migrations starting at once are serialised by
 * a database lock on PostgreSQL and MariaDB, and on H2 (embedded: one process) by a lock in this JVM.
 */
final class Schema {
    /** The schema version this library writes and reads. */
    static final int LATEST = 10;

    /** The description of each version, by version (index 0 unused); script {@code V<n>__<description>.sql}. */
    static final String[] DESCRIPTIONS = {
        "",
        "ledger",
        "relay",
        "rights",
        "requests",
        "periods",
        "reinterpretation",
        "opt_out",
        "evidence_keys",
        "merkle_tree",
        "frontier_from_nodes"
    };
    /** Serialises migrations of H2 databases, which have no lock that outlasts their DDL statements. */
    private static final ReentrantLock H2_MIGRATIONS = new ReentrantLock();

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String prefix;
    private final String folder;

    /** Applies the scripts of {@code folder}: the dialect's own, or a variant of them for the same dialect. */
    Schema(Jdbi jdbi, Dialect dialect, String prefix, String folder) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.prefix = prefix;
        this.folder = folder;
    }

    /** The text of one script of a folder with the prefix filled in. */
    static String script(String folder, int version, String prefix) {
        return text(folder + "V" + version + "__" + DESCRIPTIONS[version] + ".sql", prefix);
    }

    /** The text of a script on the class path with the prefix filled in. */
    static String text(String name, String prefix) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new SchemaException("schema script " + name + " is missing from the class path", null);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
        } catch (IOException e) {
            throw new SchemaException("could not read schema script " + name, e);
        }
    }

    /** The statements of a script: comment lines dropped, split at semicolons that end a line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /**
     * Applies the mode.
     *
     * @param appendOnly whether the append-only triggers are wanted: MIGRATE installs those missing, VALIDATE
     *     refuses a schema without them
     */
    void apply(SchemaMode mode, boolean appendOnly) {
        try {
            switch (mode) {
                case MIGRATE -> migrate(appendOnly);
                case VALIDATE -> validate(appendOnly);
                case NONE -> {}
            }
        } catch (JdbiException e) {
            throw new SchemaException(
                    "could not " + (mode == SchemaMode.MIGRATE ? "migrate" : "check")
                            + " the consent schema (table prefix '" + prefix + "', " + dialect + ")",
                    e);
        }
    }

    private void migrate(boolean appendOnly) {
        try (Handle h = jdbi.open()) {
            lock(h);
            try {
                h.execute(versionTable());
                int current = current(h);
                refuseNewer(current);
                for (int v = current + 1; v <= LATEST; v++) {
                    int version = v;
                    h.useTransaction(tx -> {
                        for (String sql : statements(script(folder, version, prefix))) {
                            tx.execute(sql);
                        }
                    });
                }
                AppendOnlyTables hardening = new AppendOnlyTables(dialect, prefix);
                if (appendOnly && !hardening.installed(h)) {
                    hardening.install(h);
                }
            } finally {
                unlock(h);
            }
        }
    }

    private void validate(boolean appendOnly) {
        try (Handle h = jdbi.open()) {
            int current;
            try {
                current = current(h);
            } catch (JdbiException e) {
                throw new SchemaException(
                        "no consent schema found (table " + prefix + "schema_version is missing);"
                                + " apply the scripts in " + folder + " or use SchemaMode.MIGRATE",
                        e);
            }
            refuseNewer(current);
            if (current < LATEST) {
                throw new SchemaException(
                        "the consent schema is at version " + current + ", this library needs "
                                + LATEST + ": apply the scripts V" + (current + 1) + " to V" + LATEST + " in "
                                + folder + " or use SchemaMode.MIGRATE",
                        null);
            }
            AppendOnlyTables hardening = new AppendOnlyTables(dialect, prefix);
            if (appendOnly && !hardening.installed(h)) {
                throw new SchemaException(
                        "the append-only triggers " + hardening.triggers() + " are missing or disabled: apply "
                                + hardening.scriptName() + " or use SchemaMode.MIGRATE",
                        null);
            }
        }
    }

    /** The version table exactly as the first statement of every dialect's V1 script creates it. */
    private String versionTable() {
        return "CREATE TABLE IF NOT EXISTS " + prefix + "schema_version (version INT NOT NULL PRIMARY KEY,"
                + " description VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)"
                + (dialect == Dialect.MARIADB
                        ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"
                        : "");
    }

    private int current(Handle h) {
        return h.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + prefix + "schema_version")
                .mapTo(Integer.class)
                .one();
    }

    private void refuseNewer(int current) {
        if (current > LATEST) {
            throw new SchemaException(
                    "the consent schema in the database is at version " + current + ", newer than this library's "
                            + LATEST + ": upgrade the library; nothing was changed",
                    null);
        }
    }

    private void lock(Handle h) {
        switch (dialect) {
            case POSTGRESQL ->
                h.createQuery("SELECT pg_advisory_lock(hashtext(:name))")
                        .bind("name", lockName())
                        .mapTo(String.class)
                        .one();
            case MARIADB -> {
                Integer got = h.createQuery("SELECT GET_LOCK(:name, 60)")
                        .bind("name", lockName())
                        .mapTo(Integer.class)
                        .one();
                if (got == null || got != 1) {
                    throw new SchemaException(
                            "could not take the migration lock '" + lockName()
                                    + "' within 60 seconds: another node may be migrating; nothing was changed",
                            null);
                }
            }
            case H2 -> H2_MIGRATIONS.lock();
        }
    }

    private void unlock(Handle h) {
        switch (dialect) {
            case POSTGRESQL ->
                h.createQuery("SELECT pg_advisory_unlock(hashtext(:name))")
                        .bind("name", lockName())
                        .mapTo(String.class)
                        .one();
            case MARIADB ->
                h.createQuery("SELECT RELEASE_LOCK(:name)")
                        .bind("name", lockName())
                        .mapTo(Integer.class)
                        .one();
            case H2 -> H2_MIGRATIONS.unlock();
        }
    }

    private String lockName() {
        return "consent-schema:" + prefix;
    }
}
