package dev.consent.relay;

import dev.consent.ConsentException;
import org.jspecify.annotations.Nullable;

/** A sink could not deliver a message: the receiver answered with an error, or could not be reached. */
public class DeliveryFailedException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the receiver
     * @param cause the underlying failure, if any
     */
    public DeliveryFailedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
