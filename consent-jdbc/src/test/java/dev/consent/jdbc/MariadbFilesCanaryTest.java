package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The real-file canary on the MariaDB server named by {@value TestDatabase#MARIADB_URL}, which must run on this
 * machine with its data directory readable (as root): the store's {@code .ibd} files after {@code FLUSH TABLES
 * ... FOR EXPORT}, and InnoDB's redo log and system and undo tablespaces; after the erasure and
 * {@code OPTIMIZE TABLE} of the key table ({@link EvidenceAtRest#finishErasures()}), the key table's file.
 */
@EnabledIfSystemProperty(
        named = TestDatabase.MARIADB_URL,
        matches = ".+",
        disabledReason = "no MariaDB server named: set -D" + TestDatabase.MARIADB_URL)
class MariadbFilesCanaryTest extends DatabaseFilesCanaryContract {
    private final ServerFilesCanary server = new ServerFilesCanary(TestDatabase.mariadb());

    @Override
    JdbcConsentStore store() {
        return server.store();
    }

    @Override
    Jdbi jdbi() {
        return server.jdbi();
    }

    @AfterEach
    void drop() {
        server.drop();
    }

    private Path dataDirectory() {
        String name = jdbi().withHandle(h ->
                h.createQuery("SELECT @@datadir").mapTo(String.class).one());
        Path dir = Path.of(name);
        Assumptions.assumeTrue(
                Files.isReadable(dir.resolve("ibdata1")),
                "the MariaDB server's data directory " + dir + " is not readable here: the real-file canary runs"
                        + " where the server runs, as root");
        return dir;
    }

    private Path databaseDirectory() {
        String database = jdbi().withHandle(h ->
                h.createQuery("SELECT DATABASE()").mapTo(String.class).one());
        return dataDirectory().resolve(database);
    }

    private List<String> tables() {
        return jdbi().withHandle(h -> h.createQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = DATABASE() AND table_name LIKE :p")
                .bind("p", server.prefix() + "%")
                .mapTo(String.class)
                .list());
    }

    @Override
    void flush() throws Exception {
        try (Connection c = TestDatabase.mariadb().pool().getConnection();
                Statement s = c.createStatement()) {
            s.execute("FLUSH TABLES " + String.join(", ", tables()) + " FOR EXPORT");
            s.execute("UNLOCK TABLES");
        }
    }

    @Override
    List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (String t : tables()) {
            out.add(databaseDirectory().resolve(t + ".ibd"));
        }
        try (var s = Files.list(dataDirectory())) {
            s.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.startsWith("ib_logfile") || n.equals("ibdata1") || n.startsWith("undo");
                    })
                    .forEach(out::add);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(out).as("the table files and InnoDB logs to search").hasSizeGreaterThan(10);
        return out;
    }

    @Override
    List<Path> keyTableFiles() {
        Path f = databaseDirectory().resolve(server.prefix() + "evidence_key.ibd");
        assertThat(f).exists();
        return List.of(f);
    }
}
