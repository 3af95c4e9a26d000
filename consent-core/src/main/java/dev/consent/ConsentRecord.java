package dev.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the append-only ledger: a decision a person made about one purpose, or a lifecycle event
 * of the subject. Never updated once stored. Immutable.
 *
 * <p>The records of one subject form a hash chain: {@link #hash()} covers every field below except
 * {@link #position()} (assigned by the store) and includes {@link #previousHash()}. Evidence that is
 * personal data is kept apart and enters the hash only as {@link #evidenceDigest()}.
 *
 * @param position the global ledger position, assigned by the store on append; 0 before that
 * @param id the record id
 * @param subject the subject id
 * @param subjectSequence the position within the subject's chain: 1, 2, 3, ... without gaps
 * @param purposeId the purpose, or {@code null} for an action that {@link Action#concernsSubject() concerns
 *     the subject}
 * @param purposeVersion the version of the purpose the person saw, or 0 for a lifecycle action
 * @param action what happened
 * @param recordedAt when it happened (from the system's clock, or given for an import), millisecond precision
 * @param expiresAt when a grant stops counting, from the purpose's maximum age, or {@code null}; for
 *     {@link Action#AGE_STATED}, the instant the subject reaches the age of digital consent in
 *     {@code jurisdiction} (see {@link AgeOfConsent})
 * @param noticeVersion the version of the privacy notice or policy shown, or {@code null}
 * @param collectionPoint where it was collected, such as {@code signup_form_v3}, or {@code null}
 * @param channel how it was collected
 * @param actor who acted and on what authority
 * @param jurisdiction the jurisdiction, such as {@code EU} or {@code US-CA}, or {@code null}
 * @param interactionId shared by every record of one form submission or API call
 * @param evidenceDigest a salted digest of the evidence, or {@code null} when there was none
 * @param previousHash the hash of the subject's previous record, or {@code null} for the first
 * @param hash the hash of this record
 */
public record ConsentRecord(
        long position,
        UUID id,
        String subject,
        long subjectSequence,
        @Nullable String purposeId,
        int purposeVersion,
        Action action,
        Instant recordedAt,
        @Nullable Instant expiresAt,
        @Nullable String noticeVersion,
        @Nullable String collectionPoint,
        Channel channel,
        Actor actor,
        @Nullable String jurisdiction,
        String interactionId,
        @Nullable Hash evidenceDigest,
        @Nullable Hash previousHash,
        Hash hash) {

    /** Checks the invariants every stored record keeps. */
    public ConsentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(interactionId, "interactionId");
        Objects.requireNonNull(hash, "hash");
        if (position < 0) {
            throw new InvalidInputException("position", position, "must not be negative");
        }
        if (subjectSequence < 1) {
            throw new InvalidInputException("subjectSequence", subjectSequence, "must be 1 or more");
        }
        if (recordedAt.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("recordedAt", recordedAt, "must have millisecond precision");
        }
        if (expiresAt != null && expiresAt.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("expiresAt", expiresAt, "must have millisecond precision");
        }
        if (action.concernsSubject() != (purposeId == null)) {
            throw new InvalidInputException(
                    "purposeId",
                    purposeId,
                    action.concernsSubject() ? "must be null for " + action : "is required for " + action);
        }
    }

    /** This record with the global position the store assigned. */
    public ConsentRecord withPosition(long newPosition) {
        return new ConsentRecord(
                newPosition,
                id,
                subject,
                subjectSequence,
                purposeId,
                purposeVersion,
                action,
                recordedAt,
                expiresAt,
                noticeVersion,
                collectionPoint,
                channel,
                actor,
                jurisdiction,
                interactionId,
                evidenceDigest,
                previousHash,
                hash);
    }

    /** Whether this record's grant has expired at {@code instant}. */
    public boolean isExpiredAt(Instant instant) {
        return expiresAt != null && !instant.isBefore(expiresAt);
    }
}
