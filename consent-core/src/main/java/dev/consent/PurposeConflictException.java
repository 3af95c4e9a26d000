package dev.consent;

/**
 * A purpose version was defined again with different content, or out of order. Published versions are
 * immutable: a change needs a new version.
 */
public class PurposeConflictException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /** @param message which purpose and version, and what differs */
    public PurposeConflictException(String message) {
        super(message);
    }
}
