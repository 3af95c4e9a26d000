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
 */
public record Decision(
        boolean allowed,
        DecisionReason reason,
        String purposeId,
        @Nullable LegalBasis legalBasis,
        int purposeVersion,
        @Nullable UUID recordId) {

    /** Checks that {@code allowed} agrees with the reason. */
    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(purposeId, "purposeId");
        if (allowed != reason.allows()) {
            throw new IllegalArgumentException("allowed=" + allowed + " contradicts reason " + reason);
        }
    }

    /** A decision for {@code reason}; {@code allowed} follows from the reason. */
    public static Decision of(
            DecisionReason reason,
            String purposeId,
            @Nullable LegalBasis legalBasis,
            int purposeVersion,
            @Nullable UUID recordId) {
        return new Decision(reason.allows(), reason, purposeId, legalBasis, purposeVersion, recordId);
    }
}
