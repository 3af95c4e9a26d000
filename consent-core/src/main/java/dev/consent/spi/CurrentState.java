package dev.consent.spi;

import dev.consent.ConsentRecord;
import java.util.List;
import java.util.Objects;

/**
 * What the enforcer needs of one subject: the latest record per purpose and per lifecycle action.
 *
 * @param subject the subject
 * @param latest the latest record for each purpose, and of each lifecycle action; any order
 * @param asOfPosition a global position such that every record of the subject up to it is reflected
 */
public record CurrentState(String subject, List<ConsentRecord> latest, long asOfPosition) {
    /** Copies the list. */
    public CurrentState {
        Objects.requireNonNull(subject, "subject");
        latest = List.copyOf(latest);
    }

    /** The highest per-subject sequence among the latest records, 0 when there are none. */
    public long sequence() {
        long max = 0;
        for (ConsentRecord r : latest) {
            max = Math.max(max, r.subjectSequence());
        }
        return max;
    }
}
