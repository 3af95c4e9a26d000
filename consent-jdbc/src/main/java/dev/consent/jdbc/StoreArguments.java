package dev.consent.jdbc;

import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/** The checks of the arguments {@link JdbcConsentStore} is handed, before anything reaches the database. */
final class StoreArguments {
    private StoreArguments() {}

    /** {@code list}, if neither it nor an element is null; names the null element's index. */
    static <T> List<T> noNullElement(List<T> list, String name) {
        Objects.requireNonNull(list, name);
        for (int i = 0; i < list.size(); i++) {
            Objects.requireNonNull(list.get(i), name + "[" + i + "]");
        }
        return list;
    }

    /** {@code subjects}, if neither it nor a subject in it is null. */
    static Collection<String> noNullSubject(Collection<String> subjects) {
        Objects.requireNonNull(subjects, "subjects");
        for (String subject : subjects) {
            Objects.requireNonNull(subject, "subjects contains null");
        }
        return subjects;
    }

    /** Rejects a negative position or a limit below 1. */
    static void checkPage(long afterPosition, int limit) {
        if (afterPosition < 0) {
            throw new InvalidInputException("afterPosition", afterPosition, "must not be negative");
        }
        if (limit < 1) {
            throw new InvalidInputException("limit", limit, "must be 1 or more");
        }
    }

    /** {@code handle}, if it is in a transaction. */
    static Handle inTransaction(Handle handle) {
        Objects.requireNonNull(handle, "handle");
        if (!handle.isInTransaction()) {
            throw new IllegalStateException("the handle is not in a transaction: call handle.begin() first");
        }
        return handle;
    }

    /** {@code connection}, if auto-commit is off. */
    static Connection notAutoCommit(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        try {
            if (connection.getAutoCommit()) {
                throw new IllegalStateException(
                        "the connection is in auto-commit mode: call setAutoCommit(false) first");
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("could not inspect the connection", e);
        }
        return connection;
    }
}
