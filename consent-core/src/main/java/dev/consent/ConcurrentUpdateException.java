package dev.consent;

/**
 * Another writer appended to the same subject first: the subject's ledger head was not where this
 * writer expected it. The ledger retries such conflicts a bounded number of times before throwing this;
 * stores throw it from {@link dev.consent.spi.ConsentStore#append} to signal the conflict. Nothing of
 * the losing append was written.
 */
public class ConcurrentUpdateException extends ConsentException {
    private static final long serialVersionUID = 1L;

    private final String subject;
    private final long expectedSequence;

    /**
     * @param subject the subject whose chain moved on
     * @param expectedSequence the per-subject sequence the writer expected at the tip of the chain
     */
    public ConcurrentUpdateException(String subject, long expectedSequence) {
        super("the tip of the subject's chain moved past the expected sequence " + expectedSequence
                + " (the subject is in subject(), kept out of the message as it may be personal data)");
        this.subject = subject;
        this.expectedSequence = expectedSequence;
    }

    /** The subject whose chain moved on. */
    public String subject() {
        return subject;
    }

    /** The per-subject sequence the writer expected at the tip of the chain (its latest record). */
    public long expectedSequence() {
        return expectedSequence;
    }
}
