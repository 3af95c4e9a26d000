package dev.consent.spi;

import dev.consent.ConsentRecord;
import dev.consent.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The records one subject gains in an {@link ConsentStore#append(List)}, with the sequence of the tip of
 * its chain (its latest record) they build on.
 *
 * @param subject the subject
 * @param interactionId the interaction id shared by the records
 * @param expectedSequence the sequence of the subject's latest stored record, 0 for none
 * @param records the records, with consecutive sequences after {@code expectedSequence}; positions 0
 * @param evidence the evidence to store beside some of the records, by record id
 */
public record SubjectAppend(
        String subject,
        String interactionId,
        long expectedSequence,
        List<ConsentRecord> records,
        Map<UUID, StoredEvidence> evidence) {
    /** Checks that the records continue the subject's chain. */
    public SubjectAppend {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(interactionId, "interactionId");
        records = List.copyOf(records);
        evidence = Map.copyOf(evidence);
        if (records.isEmpty()) {
            throw new InvalidInputException("records", "[]", "must not be empty");
        }
        for (int i = 0; i < records.size(); i++) {
            ConsentRecord r = records.get(i);
            if (!r.subject().equals(subject)
                    || !r.interactionId().equals(interactionId)
                    || r.subjectSequence() != expectedSequence + 1 + i) {
                throw new InvalidInputException(
                        "records[" + i + "]",
                        r.id(),
                        "must be of this subject and interaction, with sequence " + (expectedSequence + 1 + i));
            }
            if ((r.evidenceDigest() != null) != evidence.containsKey(r.id())) {
                throw new InvalidInputException(
                        "records[" + i + "].evidenceDigest",
                        r.evidenceDigest(),
                        r.evidenceDigest() == null
                                ? "is missing for a record with evidence"
                                : "is set but no evidence is given");
            }
        }
        long matched = records.stream().filter(r -> r.evidenceDigest() != null).count();
        if (evidence.size() != matched) {
            throw new InvalidInputException(
                    "evidence", evidence.size() + " entries", "holds evidence for records that are not in this append");
        }
    }
}
