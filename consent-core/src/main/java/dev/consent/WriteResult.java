package dev.consent;

import java.util.List;
import java.util.Objects;

/**
 * What a write appended. Immutable.
 *
 * @param subject the subject
 * @param interactionId the interaction id of the records
 * @param records the records, in order, with their ledger positions; unmodifiable
 * @param position the highest ledger position of the records: a freshness token for
 *     {@link Consistency#atLeast(long)}
 * @param replayed {@code true} when the interaction id had already been recorded and these are the
 *     records stored the first time (nothing new was written)
 */
public record WriteResult(
        String subject, String interactionId, List<ConsentRecord> records, long position, boolean replayed) {
    /** Copies the record list. */
    public WriteResult {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(interactionId, "interactionId");
        records = List.copyOf(records);
    }
}
