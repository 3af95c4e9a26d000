package dev.consent.audit;

import dev.consent.ConsentException;

/**
 * The processing log could not be read: an I/O error of a file or reader, or an {@link java.sql.SQLException}
 * of a query. The cause is kept. Violations reported before it stay reported; the audit stopped there.
 */
public class EventLogException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what could not be read
     * @param cause the failure of the reader or the driver
     */
    public EventLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
