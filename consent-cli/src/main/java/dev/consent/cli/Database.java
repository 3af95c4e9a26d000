package dev.consent.cli;

import dev.consent.ConsentSystem;
import dev.consent.StoreUnavailableException;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.jdbc.SchemaException;
import dev.consent.jdbc.SchemaMode;
import dev.consent.merkle.NoteSigner;
import dev.consent.requests.DataSubjectRequests;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The ledger in the database the command line names: checked to answer before anything else, opened with
 * the schema only validated (the tool never creates or migrates tables), and closed in reverse order.
 */
final class Database implements AutoCloseable {
    private static final int LOGIN_TIMEOUT_SECONDS = 10;

    final ConsentSystem consent;
    final DataSubjectRequests requests;
    private final JdbcConsentStore store;
    private final @Nullable JdbcConnectionPool pool;
    private final Settings settings;

    private Database(
            ConsentSystem consent,
            DataSubjectRequests requests,
            JdbcConsentStore store,
            @Nullable JdbcConnectionPool pool,
            Settings settings) {
        this.consent = consent;
        this.requests = requests;
        this.store = store;
        this.pool = pool;
        this.settings = settings;
    }

    /**
     * The ledger's database as a data source, for commands that read other tables of it: the H2 file's pool, or
     * new connections to {@code --url}.
     */
    DataSource dataSource() {
        return pool != null ? pool : new UrlDataSource(settings.url(), settings.user(), settings.password());
    }

    /**
     * Opens the ledger of {@code settings}, signing checkpoints with {@code signer} if one is given.
     *
     * @throws DatabaseException naming the setting to fix, if the database does not answer or has no ledger
     *     of this schema version under the table prefix
     */
    static Database open(Settings settings, @Nullable NoteSigner signer) {
        String url = settings.url();
        String setting = settings.h2() != null ? "--h2 " + settings.h2() : "--url " + url;
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password())) {
            c.isValid(LOGIN_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new DatabaseException(
                    "cannot connect to the database of " + setting
                            + (settings.user() == null ? "" : " as --user " + settings.user()) + ": "
                            + e.getMessage(),
                    e);
        }
        JdbcConnectionPool pool = url.startsWith("jdbc:h2:")
                ? JdbcConnectionPool.create(url, nonNull(settings.user()), nonNull(settings.password()))
                : null;
        Jdbi jdbi = pool != null
                ? Jdbi.create(pool)
                : settings.user() == null
                        ? Jdbi.create(url)
                        : Jdbi.create(url, settings.user(), nonNull(settings.password()));
        JdbcConsentStore store;
        try {
            store = JdbcConsentStore.builder(jdbi)
                    .tablePrefix(settings.prefix())
                    .schemaMode(SchemaMode.VALIDATE)
                    .build();
        } catch (SchemaException | StoreUnavailableException e) {
            dispose(pool);
            throw new DatabaseException(
                    "the database of " + setting + " holds no consent ledger of this version with the table prefix "
                            + settings.prefix() + " (--prefix): " + e.getMessage(),
                    e);
        }
        ConsentSystem.Builder builder = ConsentSystem.builder().store(store).feedPollInterval(Duration.ZERO);
        if (signer != null) {
            builder.checkpointSigner(signer);
        }
        ConsentSystem consent = builder.build();
        DataSubjectRequests requests = DataSubjectRequests.builder()
                .store(store.requestStore())
                .consent(consent)
                .build();
        return new Database(consent, requests, store, pool, settings);
    }

    private static String nonNull(@Nullable String s) {
        return s == null ? "" : s;
    }

    private static void dispose(@Nullable JdbcConnectionPool pool) {
        if (pool != null) {
            pool.dispose();
        }
    }

    @Override
    public void close() {
        try (store) {
            requests.close();
            consent.close();
        } finally {
            dispose(pool);
        }
    }

    /**
     * Where the ledger is.
     *
     * @param url the JDBC URL
     * @param h2 the H2 file given with {@code --h2}, for messages; null with {@code --url}
     * @param user the user, or null for none
     * @param password the password, or null for none
     * @param prefix the table prefix
     */
    record Settings(
            String url,
            @Nullable String h2,
            @Nullable String user,
            @Nullable String password,
            String prefix) {
        /** An H2 file as the example writes it ({@code FILE.mv.db}), with H2's default user. */
        static Settings h2(String file, @Nullable String user, @Nullable String password, String prefix) {
            String base = file.endsWith(".mv.db") ? file.substring(0, file.length() - ".mv.db".length()) : file;
            String url = "jdbc:h2:file:" + Path.of(base).toAbsolutePath() + ";IFEXISTS=TRUE";
            return new Settings(url, file, user == null ? "sa" : user, password == null ? "" : password, prefix);
        }
    }
}
