package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.EvidenceSeal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The real-file canary on the PostgreSQL server named by {@value TestDatabase#POSTGRES_URL}, which must run on this
 * machine with its data directory readable (as root): the heap files of the store's tables (and their TOAST and
 * indexes) and the write-ahead log written during the test, after {@code CHECKPOINT}; the dead tuples of the key
 * and evidence tables read with the {@code pg_dirtyread} extension (Debian's {@code postgresql-15-dirtyread}; the
 * test is skipped without it unless {@value #REQUIRE_DIRTYREAD} is true, as in CI); and the server's log with
 * {@code log_statement = 'all'} set for the test and restored after it.
 */
@EnabledIfSystemProperty(
        named = TestDatabase.POSTGRES_URL,
        matches = ".+",
        disabledReason = "no PostgreSQL server named: set -D" + TestDatabase.POSTGRES_URL)
class PostgresFilesCanaryTest extends DatabaseFilesCanaryContract {
    static final String REQUIRE_DIRTYREAD = "consent.test.requirePgDirtyread";

    private final ServerFilesCanary server = new ServerFilesCanary(TestDatabase.postgres());
    private String walStart = "";
    private Path log;
    private long logStart;
    private String logStatementBefore;
    private boolean logStatementInAutoConf;

    @Override
    JdbcConsentStore store() {
        return server.store();
    }

    @Override
    Jdbi jdbi() {
        return server.jdbi();
    }

    private Path dataDirectory() {
        String name = jdbi().withHandle(h ->
                h.createQuery("SHOW data_directory").mapTo(String.class).one());
        Path dir = Path.of(name);
        Assumptions.assumeTrue(
                Files.isReadable(dir.resolve("PG_VERSION")),
                "the PostgreSQL server's data directory " + dir + " is not readable here: the real-file canary runs"
                        + " where the server runs, as root");
        return dir;
    }

    @Override
    void beforeWriting() throws Exception {
        dataDirectory();
        jdbi().useHandle(h -> {
            try {
                h.execute("CREATE EXTENSION IF NOT EXISTS pg_dirtyread");
            } catch (RuntimeException e) {
                if (Boolean.getBoolean(REQUIRE_DIRTYREAD)) {
                    throw new AssertionError("the pg_dirtyread extension is missing (postgresql-15-dirtyread)", e);
                }
                Assumptions.abort("the pg_dirtyread extension is not installed (apt-get install"
                        + " postgresql-15-dirtyread): the dead-tuple check cannot run");
            }
            logStatementBefore = h.createQuery("SELECT setting FROM pg_settings WHERE name = 'log_statement'")
                    .mapTo(String.class)
                    .one();
            logStatementInAutoConf = h.createQuery("SELECT count(*) FROM pg_file_settings WHERE name = 'log_statement'"
                                    + " AND sourcefile LIKE '%postgresql.auto.conf'")
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            h.execute("ALTER SYSTEM SET log_statement = 'all'");
            h.execute("SELECT pg_reload_conf()");
            walStart = h.createQuery("SELECT pg_walfile_name(pg_current_wal_lsn())")
                    .mapTo(String.class)
                    .one();
        });
        for (int i = 0; i < 100 && !logsAll(); i++) {
            Thread.sleep(20);
        }
        assertThat(logsAll()).as("log_statement = 'all' in force").isTrue();
        log = serverLog();
        logStart = Files.size(log);
    }

    private boolean logsAll() {
        return "all"
                .equals(jdbi().withHandle(h ->
                        h.createQuery("SHOW log_statement").mapTo(String.class).one()));
    }

    /** The server's log: the collector's current file, or else the file the server's stderr goes to. */
    private Path serverLog() throws java.io.IOException {
        String current = jdbi().withHandle(h -> h.createQuery("SELECT pg_current_logfile()")
                .mapTo(String.class)
                .list()
                .get(0));
        if (current != null) {
            return dataDirectory().resolve(current);
        }
        int pid = jdbi().withHandle(
                        h -> h.createQuery("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
                                .mapTo(Integer.class)
                                .one());
        return Path.of("/proc", Integer.toString(pid), "fd", "2").toRealPath();
    }

    @AfterEach
    void restore() {
        if (logStatementBefore != null) {
            jdbi().useHandle(h -> {
                h.execute(
                        logStatementInAutoConf
                                ? "ALTER SYSTEM SET log_statement = '" + logStatementBefore + "'"
                                : "ALTER SYSTEM RESET log_statement");
                h.execute("SELECT pg_reload_conf()");
            });
        }
        server.drop();
    }

    @Override
    void flush() {
        jdbi().useHandle(h -> h.execute("CHECKPOINT"));
    }

    @Override
    List<Path> files() {
        List<Path> out = relationFiles("");
        Path wal = dataDirectory().resolve("pg_wal");
        String walEnd = jdbi().withHandle(h -> h.createQuery("SELECT pg_walfile_name(pg_current_wal_lsn())")
                .mapTo(String.class)
                .one());
        for (Path f : list(wal)) {
            String name = f.getFileName().toString();
            if (name.length() == 24 && name.compareTo(walStart) >= 0 && name.compareTo(walEnd) <= 0) {
                out.add(f);
            }
        }
        assertThat(out).as("the heap files and WAL segments to search").hasSizeGreaterThan(10);
        return out;
    }

    @Override
    List<Path> keyTableFiles() {
        List<Path> out = relationFiles("evidence_key");
        assertThat(out).as("the key table's files").isNotEmpty();
        return out;
    }

    /** Every file of the relations whose name starts with the prefix and {@code table}, TOAST included. */
    private List<Path> relationFiles(String table) {
        Path dir = dataDirectory();
        List<String> paths = jdbi().withHandle(h -> h.createQuery("SELECT pg_relation_filepath(c.oid) FROM pg_class c"
                        + " WHERE c.relname LIKE :p AND pg_relation_filepath(c.oid) IS NOT NULL"
                        + " UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c"
                        + " WHERE c.relname LIKE :p AND c.reltoastrelid <> 0")
                .bind("p", server.prefix() + table + "%")
                .mapTo(String.class)
                .list());
        List<Path> out = new ArrayList<>();
        for (String p : paths) {
            Path base = dir.resolve(p);
            for (Path f : list(base.getParent())) {
                String name = f.getFileName().toString();
                String stem = base.getFileName().toString();
                if (name.equals(stem) || name.startsWith(stem + ".") || name.startsWith(stem + "_")) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    void beforeErasure(byte[] keyShare, String canary) {
        assertThat(deadKeys(true))
                .as("pg_dirtyread reads the key table")
                .anySatisfy(k -> assertThat(k).isEqualTo(keyShare));
    }

    @Override
    void afterCleanup(byte[] erasedKey, String canary) throws Exception {
        List<byte[]> keys = deadKeys(false);
        assertThat(keys)
                .as("the key table read dirty, dead tuples included")
                .noneSatisfy(k -> assertThat(k).isEqualTo(erasedKey));
        List<String> opened = new ArrayList<>();
        jdbi().useHandle(h -> deadEvidence(h).forEach(row -> {
            for (byte[] k : keys) {
                try {
                    opened.add(EvidenceSeal.open(row.sealed(), new SecretKeySpec(k, "AES"), SUBJECT, row.id())
                            .toString());
                } catch (RuntimeException e) {
                    // does not open: what erasure is for
                }
            }
        }));
        assertThat(opened)
                .as("dead evidence tuples of the erased subject that a surviving key opens")
                .isEmpty();

        byte[] logged = readFrom(log, logStart);
        String text = new String(logged, StandardCharsets.UTF_8);
        assertThat(text).as("the statement log shows the store's statements").contains("form-" + marker);
        assertThat(text.contains(canary)).as("the canary in the statement log").isFalse();
        assertThat(text)
                .as("the key in the statement log")
                .doesNotContain(HexFormat.of().formatHex(erasedKey));
    }

    /** The key shares of the key table, dead tuples included; only the subject's with {@code subjectOnly}. */
    private List<byte[]> deadKeys(boolean subjectOnly) {
        return jdbi().withHandle(h -> h
                .createQuery("SELECT subject, key_share FROM pg_dirtyread('" + server.prefix()
                        + "evidence_key') AS t(subject varchar(255), key_share bytea, created_at bigint)")
                .map((rs, ctx) -> subjectOnly && !SUBJECT.equals(rs.getString(1)) ? null : rs.getBytes(2))
                .list()
                .stream()
                .filter(java.util.Objects::nonNull)
                .toList());
    }

    private record Sealed(UUID id, byte[] sealed) {}

    private List<Sealed> deadEvidence(Handle h) {
        return h.createQuery("SELECT record_id, sealed FROM pg_dirtyread('" + server.prefix() + "evidence')"
                        + " AS t(record_id char(36), subject varchar(255), ip_address varchar(64), user_agent varchar(2048),"
                        + " attributes text, salt bytea, sealed bytea) WHERE subject = :s AND sealed IS NOT NULL")
                .bind("s", SUBJECT)
                .map((rs, ctx) -> new Sealed(UUID.fromString(rs.getString(1).strip()), rs.getBytes(2)))
                .list();
    }

    private static byte[] readFrom(Path file, long offset) throws java.io.IOException {
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) Math.max(0, size - offset));
            ch.read(b, offset);
            return b.array();
        }
    }
}
