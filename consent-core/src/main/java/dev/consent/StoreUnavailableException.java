package dev.consent;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached or failed (database down, pool exhausted, timeout). On a write, nothing
 * was written, or the outcome is unknown and a retry with the same interaction id is safe. Checks never
 * throw this: they deny with {@link DecisionReason#STORE_UNAVAILABLE}.
 */
public class StoreUnavailableException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what operation failed
     * @param cause the store's own exception
     */
    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
