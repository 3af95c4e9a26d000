package dev.consent.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * A record whose evidence is still stored, as {@link ConsentStore#readEvidenceRecordedBefore} names it and
 * {@link ConsentStore#removeEvidence} takes it: enough to find the evidence (by subject, then record id) and to
 * page on (by position). Immutable.
 *
 * @param position the record's global position, 1 or more
 * @param recordId the record's id, the key of its evidence
 * @param subject the record's subject
 */
public record EvidenceRef(long position, UUID recordId, String subject) {
    /** Checks the components. */
    public EvidenceRef {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(subject, "subject");
        if (position < 1) {
            throw new dev.consent.InvalidInputException("position", position, "must be 1 or more");
        }
    }
}
