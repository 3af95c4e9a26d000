package dev.consent;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this library throws on purpose. Unchecked; subclasses name the intent.
 */
public class ConsentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, naming the field and value where there is one */
    public ConsentException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure, kept for diagnosis
     */
    public ConsentException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
