package dev.consent;

/**
 * Thrown by a store when an interaction id was already recorded for the subject, so that a retry after
 * an unknown outcome (a connection lost after commit) never records the same interaction twice. The
 * ledger catches it and answers with the records already stored; applications do not normally see it.
 */
public class DuplicateInteractionException extends ConsentException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String interactionId;

    /**
     * @param subject the subject
     * @param interactionId the interaction id that already exists for that subject
     */
    public DuplicateInteractionException(String subject, String interactionId) {
        super("interaction " + dev.consent.internal.ValueText.describe(interactionId)
                + " is already recorded for the subject");
        this.subject = subject;
        this.interactionId = interactionId;
    }

    /** The subject. */
    public String subject() {
        return subject;
    }

    /** The interaction id that was already recorded. */
    public String interactionId() {
        return interactionId;
    }
}
