package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-file canary on an H2 file database: the {@code .mv.db} file after {@code CHECKPOINT SYNC}, and after
 * the erasure and H2's documented cleanup: {@code SHUTDOWN}, then {@code MVStoreTool.compact(file, false)}, which
 * is what {@code SHUTDOWN COMPACT} does without compressing the pages (a compressed file would hide from the
 * search even what it still holds; a plain {@code SHUTDOWN} compacts only for a bounded time).
 */
class H2FilesCanaryTest extends DatabaseFilesCanaryContract {
    @TempDir
    Path dir;

    private @Nullable HikariDataSource pool;
    private @Nullable JdbcConsentStore store;

    private HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath());
            config.setMaximumPoolSize(4);
            config.setPoolName("h2-files-canary");
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    @Override
    JdbcConsentStore store() {
        if (store == null) {
            store = JdbcConsentStore.create(pool());
        }
        return store;
    }

    @Override
    Jdbi jdbi() {
        return Jdbi.create(pool());
    }

    @Override
    void flush() throws SQLException {
        try (Connection c = pool().getConnection()) {
            c.createStatement().execute("CHECKPOINT SYNC");
        }
    }

    @Override
    List<Path> files() {
        return List.of(dir.resolve("ledger.mv.db"));
    }

    @Override
    List<Path> keyTableFiles() {
        return files();
    }

    @Override
    void cleanUp(JdbcConsentStore store) throws Exception {
        assertThat(store.evidenceAtRest().finishErasures())
                .as("H2 cannot finish while the database is open")
                .isFalse();
        HikariDataSource open = pool();
        Connection c = open.getConnection();
        try {
            c.createStatement().execute("SHUTDOWN");
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                // the connection went with the database
            }
            open.close();
            pool = null;
        }
        // what SHUTDOWN COMPACT does, without compressing the file, so that the search can read it
        org.h2.mvstore.MVStoreTool.compact(dir.resolve("ledger.mv.db").toString(), false);
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
