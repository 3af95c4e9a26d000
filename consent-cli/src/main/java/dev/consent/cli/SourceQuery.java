package dev.consent.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --query} options that {@code import} and {@code drift} share: the SQL and the database it runs on,
 * the ledger's unless {@code --source-url} names another (checked to answer before anything else).
 *
 * @param sql the query
 * @param dataSource where it runs
 * @param setting the setting that named the database, for messages
 */
record SourceQuery(String sql, DataSource dataSource, String setting) {
    static final String QUERY = "--query";
    static final String URL = "--source-url";
    static final String USER = "--source-user";
    static final String PASSWORD = "--source-password";

    private static final int TIMEOUT_SECONDS = 10;

    /** Adds the descriptions of the options to {@code options}; {@code what} names the rows the query returns. */
    static void describe(Map<String, String> options, String what) {
        options.put(QUERY, "SQL  read " + what + " from this query instead of a CSV file");
        options.put(URL, "JDBC_URL  the database of --query (default: the ledger's)");
        options.put(USER, "U  the login of --source-url (or give it in the URL)");
        options.put(PASSWORD, "P  the password of --source-user");
    }

    /**
     * The query given, or null without {@code --query}.
     *
     * @throws UsageException if a source option is given without {@code --query}, or the query is blank
     * @throws DatabaseException naming {@code --source-url} if its database does not answer
     */
    static @Nullable SourceQuery of(Invocation call) {
        String sql = call.option(QUERY);
        String url = call.option(URL);
        String user = call.option(USER);
        String password = call.option(PASSWORD);
        if (sql == null) {
            if (url != null || user != null || password != null) {
                throw new UsageException(URL + ", " + USER + " and " + PASSWORD + " go with " + QUERY);
            }
            return null;
        }
        if (sql.isBlank()) {
            throw new UsageException(QUERY + " must not be blank");
        }
        if (url == null) {
            if (user != null || password != null) {
                throw new UsageException(USER + " and " + PASSWORD + " go with " + URL);
            }
            return new SourceQuery(sql, call.database(), "the ledger's database");
        }
        DataSource source = new UrlDataSource(url, user, password);
        try (Connection c = source.getConnection()) {
            if (!c.isValid(TIMEOUT_SECONDS)) {
                throw new SQLException("the connection did not answer within " + TIMEOUT_SECONDS + " s");
            }
        } catch (SQLException e) {
            throw new DatabaseException(
                    "cannot connect to the source database of " + URL + " " + url
                            + (user == null ? "" : " as " + USER + " " + user) + ": " + e.getMessage(),
                    e);
        }
        return new SourceQuery(sql, source, URL + " " + url);
    }

    /**
     * What a failure of the query means: a query the database refuses (SQL state class 42, syntax or access
     * rule, or 22, data) is bad usage; anything else is the database failing.
     */
    RuntimeException failure(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("42") || state.startsWith("22"))) {
            return new UsageException(QUERY + " failed on " + setting + ": " + e.getMessage());
        }
        return new DatabaseException("the query of " + QUERY + " failed on " + setting + ": " + e.getMessage(), e);
    }
}
