package dev.consent;

/** A purpose id, or a version of it, that the {@link PurposeRegistry} does not know. */
public class UnknownPurposeException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String purposeId;

    /**
     * @param field the field that held the purpose id
     * @param purposeId the unknown id
     * @param detail what was looked for, such as "no such purpose" or "no version 7"
     */
    public UnknownPurposeException(String field, String purposeId, String detail) {
        super(field, purposeId, detail);
        this.purposeId = purposeId;
    }

    /** The purpose id that was not found. */
    public String purposeId() {
        return purposeId;
    }
}
