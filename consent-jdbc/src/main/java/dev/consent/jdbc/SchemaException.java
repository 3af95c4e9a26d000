package dev.consent.jdbc;

import dev.consent.ConsentException;
import org.jspecify.annotations.Nullable;

/**
 * The database schema does not fit this library: it is newer than the library knows, older than required
 * in {@link SchemaMode#VALIDATE} mode, or a migration script failed.
 */
public class SchemaException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what does not fit, with the versions involved
     * @param cause the database's exception, if any
     */
    public SchemaException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
