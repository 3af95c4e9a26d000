package dev.consent;

/**
 * Evidence is stored for a subject whose data key is gone (lost, or destroyed outside an erasure), so the
 * evidence cannot be read. Never answered as "no evidence": the store fails closed and loudly, because a lost key
 * is lost proof, and the operator must know. Thrown also when stored evidence does not open under the subject's
 * key (a wrong or replaced key, a changed ciphertext).
 */
public class EvidenceKeyMissingException extends ConsentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param subject the subject whose evidence cannot be read
     * @param message what is missing or wrong
     */
    public EvidenceKeyMissingException(String subject, String message) {
        super("the evidence of subject '" + subject + "' cannot be read: " + message);
    }

    /**
     * @param subject the subject whose evidence cannot be read
     * @param message what is missing or wrong
     * @param cause the underlying failure
     */
    public EvidenceKeyMissingException(String subject, String message, Throwable cause) {
        super("the evidence of subject '" + subject + "' cannot be read: " + message, cause);
    }
}
