package dev.consent;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link ConsentLedger#verify()}: how much was checked and every damaged record found.
 * Immutable.
 *
 * <p>What the hash chains detect on their own: a record whose content was changed, a record removed from
 * the middle of a subject's chain, records reordered, evidence altered; with an integrity key configured
 * ({@link ConsentSystem.Builder#integrityKey(byte[])}), also a record forged by someone who does not hold
 * the key. What needs a checkpoint exported outside the database: the removal of a subject's latest
 * records (tail truncation), of a whole subject, or a restore of an older backup.
 *
 * @param subjects how many subjects' chains were walked
 * @param records how many records were checked
 * @param problems every problem found, in ledger order; unmodifiable
 */
public record VerificationReport(long subjects, long records, List<Problem> problems) {
    /** Copies the list. */
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    /** Whether no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The kinds of damage verification detects. */
    public enum Kind {
        /** The record's content no longer matches its hash: it was changed, or forged without the key. */
        CONTENT_CHANGED,
        /** The record does not link to the hash of the subject's previous record. */
        BROKEN_LINK,
        /** One or more records are missing before this one (a gap in the subject's sequence). */
        MISSING_BEFORE,
        /** The record's sequence repeats or goes backwards: records were reordered, duplicated or inserted. */
        OUT_OF_ORDER,
        /** The stored evidence no longer matches the digest in the record. */
        EVIDENCE_CHANGED
    }

    /**
     * One damaged record.
     *
     * @param kind what is wrong
     * @param subject the subject whose chain is damaged
     * @param recordId the record where the damage shows, or {@code null} if it has none
     * @param position the record's ledger position
     * @param subjectSequence the record's per-subject sequence as stored
     * @param detail a sentence for a person
     */
    public record Problem(Kind kind, String subject, @Nullable UUID recordId, long position, long subjectSequence,
            String detail) {
        /** Checks the components. */
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
