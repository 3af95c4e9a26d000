package dev.consent;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link ConsentLedger#verify()} or {@link ConsentLedger#verify(String)}: how much was
 * checked and every problem found. Immutable.
 *
 * <p>What each checks:
 * <ul>
 *   <li>{@code verify()} walks every record of the ledger in position order and reports, for every
 *       subject, {@link Kind#CONTENT_CHANGED}, {@link Kind#BROKEN_LINK}, {@link Kind#MISSING_BEFORE} and
 *       {@link Kind#OUT_OF_ORDER}; then it compares the store's current state of every subject walked with
 *       the records ({@link Kind#CURRENT_STATE_MISMATCH}). It does not read the evidence, so it never reports
 *       {@link Kind#EVIDENCE_CHANGED}.
 *   <li>{@code verify(subject)} walks that subject's records and reports the same four kinds, compares its
 *       current state with them ({@link Kind#CURRENT_STATE_MISMATCH}), and checks its stored evidence against the
 *       digests in the records ({@link Kind#EVIDENCE_CHANGED}).
 * </ul>
 * Both may run while others write: the current state is compared only for records up to the ledger head
 * read when verification began.
 *
 * <p>What the hash chains detect on their own: a record whose content was changed, a record removed from
 * the middle of a subject's chain, records reordered, evidence altered; with an integrity key configured
 * ({@link ConsentSystem.Builder#integrityKey(byte[])}), also a record forged by someone who does not hold
 * the key. What needs a checkpoint exported outside the database: the removal of a subject's latest
 * records (tail truncation), of a whole subject, or a restore of an older backup.
 *
 * @param subjects how many subjects' chains were walked
 * @param records how many records were checked
 * @param problems every problem found: those of the chains in ledger order, then those of the current
 *     state, subject by subject; unmodifiable
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
        /** The stored evidence no longer matches the digest in the record. Reported by {@code verify(subject)}. */
        EVIDENCE_CHANGED,
        /**
         * The store's current state of a subject (the latest record per purpose and per lifecycle action,
         * on which checks decide) differs from what the subject's records say: it points at another
         * record, lacks one, names one the records do not have, or holds other content. The detail names
         * the purpose or lifecycle action and both records; the problem's record is the one the records
         * say is latest, or, when they have none, the one the current state points at.
         */
        CURRENT_STATE_MISMATCH
    }

    /**
     * One problem: a damaged record, or a current state that disagrees with the records.
     *
     * @param kind what is wrong
     * @param subject the subject whose chain is damaged
     * @param recordId the record where the damage shows, or {@code null} if it has none
     * @param position the record's ledger position
     * @param subjectSequence the record's per-subject sequence as stored
     * @param detail a sentence for a person
     */
    public record Problem(
            Kind kind, String subject, @Nullable UUID recordId, long position, long subjectSequence, String detail) {
        /** Checks the components. */
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
