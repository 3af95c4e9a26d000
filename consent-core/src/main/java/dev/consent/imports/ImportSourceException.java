package dev.consent.imports;

import dev.consent.ConsentException;

/**
 * An import source could not be read: the connection, the query or a row of a {@link QuerySource} failed in the
 * driver. The message names the source and, for a row, its number; the {@link java.sql.SQLException} is the
 * cause. Batches the import finished before stay written; running it again completes it.
 */
public class ImportSourceException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read, naming the source
     * @param cause the driver's failure
     */
    public ImportSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
