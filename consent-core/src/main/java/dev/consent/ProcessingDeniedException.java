package dev.consent;

/**
 * Thrown by {@link Enforcer#require(String, String)} when processing is not allowed. Carries the
 * {@link Decision} that explains why, and the subject it was made for. The message names the purpose, the
 * reason and the proving record but not the subject, which may be personal data; use {@link #subject()}.
 */
public class ProcessingDeniedException extends ConsentException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final transient Decision decision;

    /**
     * @param subject the subject the check was for
     * @param decision the denying decision
     */
    public ProcessingDeniedException(String subject, Decision decision) {
        super("processing for purpose " + decision.purposeId() + " is not allowed: " + decision.reason()
                + (decision.recordId() == null ? "" : " (record " + decision.recordId() + ")"));
        this.subject = subject;
        this.decision = decision;
    }

    /** The subject the check was for. */
    public String subject() {
        return subject;
    }

    /** The decision that denied processing, with its reason and the record that proves it. */
    public Decision decision() {
        return decision;
    }
}
