package dev.consent.merkle;

import dev.consent.ConsentException;

/**
 * A proof, checkpoint or signed note did not verify: the message says which check failed. Thrown by the
 * {@code verify} methods of this package; nothing is wrong with the caller's input, only with what it claims.
 */
public class ProofVerificationException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /** @param message which check failed */
    public ProofVerificationException(String message) {
        super(message);
    }
}
