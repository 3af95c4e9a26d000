package dev.consent;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The enforcer's answer for one subject and purpose: whether processing may happen, why, under which
 * legal basis and purpose version, and which record proves it. Immutable; decisions for the common
 * cases are shared instances, so compare them with {@code equals}, not {@code ==}.
 *
 * @param allowed whether processing may happen now
 * @param reason why
 * @param purposeId the purpose asked about
 * @param legalBasis the purpose's legal basis, or {@code null} for an unknown purpose
 * @param purposeVersion the version of the purpose the proving record concerns, else the current
 *     version; 0 for an unknown purpose
 * @param recordId the id of the record that justifies the decision, or {@code null} when none does
 *     (no record yet, a basis other than consent, an unknown purpose, a store outage)
 * @param invalidationId the {@link Invalidation} that makes the proving grant invalid (the reason is then
 *     {@link DecisionReason#RECONSENT_REQUIRED}), or {@code null}
 */
public record Decision(
        boolean allowed,
        DecisionReason reason,
        String purposeId,
        @Nullable LegalBasis legalBasis,
        int purposeVersion,
        @Nullable UUID recordId,
        @Nullable UUID invalidationId) {

    /** Checks that {@code allowed} agrees with the reason, and that only a re-consent names an invalidation. */
    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(purposeId, "purposeId");
        if (allowed != reason.allows()) {
            throw new IllegalArgumentException("allowed=" + allowed + " contradicts reason " + reason);
        }
        if (invalidationId != null && reason != DecisionReason.RECONSENT_REQUIRED) {
            throw new IllegalArgumentException("an invalidation " + invalidationId + " contradicts reason " + reason);
        }
    }

    /** A decision that names no invalidation. */
    public Decision(
            boolean allowed,
            DecisionReason reason,
            String purposeId,
            @Nullable LegalBasis legalBasis,
            int purposeVersion,
            @Nullable UUID recordId) {
        this(allowed, reason, purposeId, legalBasis, purposeVersion, recordId, null);
    }

    /** A decision for {@code reason}; {@code allowed} follows from the reason. */
    public static Decision of(
            DecisionReason reason,
            String purposeId,
            @Nullable LegalBasis legalBasis,
            int purposeVersion,
            @Nullable UUID recordId) {
        return new Decision(reason.allows(), reason, purposeId, legalBasis, purposeVersion, recordId, null);
    }

    /** A re-consent decision for a grant that the invalidation {@code invalidationId} makes invalid. */
    public static Decision invalidated(
            String purposeId, @Nullable LegalBasis legalBasis, int purposeVersion, UUID recordId, UUID invalidationId) {
        Objects.requireNonNull(invalidationId, "invalidationId");
        return new Decision(
                false,
                DecisionReason.RECONSENT_REQUIRED,
                purposeId,
                legalBasis,
                purposeVersion,
                recordId,
                invalidationId);
    }
}
