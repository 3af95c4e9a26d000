package dev.consent.internal;

import dev.consent.Action;
import dev.consent.ActorType;
import dev.consent.ComingOfAge;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The decision table of the enforcer and the status rules of the ledger, as pure functions. The
 * enforcer precomputes decisions with these; {@code stateAt} evaluates them at a past instant; both
 * therefore give the same answer for the same records.
 *
 * <p>An opt-out ({@code OPTED_OUT}) is a refusal under consent and an objection under legitimate interest
 * (reason {@code OPTED_OUT}); bases that do not depend on the person decide as before. In a jurisdiction where
 * the purpose follows an opt-out model, {@link #decideOptOut} decides instead.
 */
final class Rules {
    private Rules() {}

    /** The status of a subject for {@code purpose} whose latest record is {@code latest}, with no age stated. */
    public static ConsentStatus status(Purpose purpose, @Nullable ConsentRecord latest, boolean expired) {
        return status(purpose, latest, expired, null, null, ComingOfAge.REQUIRE_RECONSENT, false);
    }

    /**
     * The status of a subject for {@code purpose} whose latest record is {@code latest}, which the invalidation
     * {@code invalidatedBy} makes invalid when not null: a grant it makes invalid requires re-consent, before
     * expiry (as a grant of a version below the oldest valid does).
     */
    public static ConsentStatus status(
            Purpose purpose, @Nullable ConsentRecord latest, boolean expired, java.util.@Nullable UUID invalidatedBy) {
        return status(purpose, latest, expired, invalidatedBy, null, ComingOfAge.REQUIRE_RECONSENT, false);
    }

    /** The status with an age stated ({@link #childStatus}); no invalidation. */
    public static ConsentStatus status(
            Purpose purpose,
            @Nullable ConsentRecord latest,
            boolean expired,
            @Nullable ConsentRecord age,
            ComingOfAge rule,
            boolean ofAge) {
        return status(purpose, latest, expired, null, age, rule, ofAge);
    }

    /**
     * The status of a subject for {@code purpose} whose latest record is {@code latest}.
     *
     * @param invalidatedBy the invalidation that selects {@code latest}, or {@code null}
     * @param age the subject's latest {@link Action#AGE_STATED} record, or {@code null}
     * @param rule what a guardian's grant becomes once the subject comes of age
     * @param ofAge whether the instant of the status is at or after {@code age}'s coming of age
     */
    public static ConsentStatus status(
            Purpose purpose,
            @Nullable ConsentRecord latest,
            boolean expired,
            java.util.@Nullable UUID invalidatedBy,
            @Nullable ConsentRecord age,
            ComingOfAge rule,
            boolean ofAge) {
        if (latest == null) {
            return ConsentStatus.NONE;
        }
        switch (latest.action()) {
            case GRANTED:
                if (latest.purposeVersion() < purpose.minValidVersion() || invalidatedBy != null) {
                    return ConsentStatus.RECONSENT_REQUIRED;
                }
                ConsentStatus child = childStatus(latest, age, rule, ofAge);
                if (child != null) {
                    return child;
                }
                return expired ? ConsentStatus.EXPIRED : ConsentStatus.GRANTED;
            case DENIED:
                return ConsentStatus.DENIED;
            case WITHDRAWN:
                return ConsentStatus.WITHDRAWN;
            case OBJECTED:
                return ConsentStatus.OBJECTED;
            case OBJECTION_WITHDRAWN:
                return ConsentStatus.OBJECTION_WITHDRAWN;
            case OPTED_OUT:
                return ConsentStatus.OPTED_OUT;
            default:
                throw new IllegalArgumentException("not a purpose action: " + latest.action());
        }
    }

    /**
     * What the children rule makes of a grant, or {@code null} when it leaves the grant alone: a grant recorded
     * before the instant {@code age} says the subject comes of age is {@code GUARDIAN_CONSENT_REQUIRED} unless a
     * guardian with a recorded verification method ({@link dev.consent.Actor#authority()}) gave it, and such a
     * guardian's grant is {@code RECONSENT_REQUIRED} from that instant on under
     * {@link ComingOfAge#REQUIRE_RECONSENT}.
     */
    static @Nullable ConsentStatus childStatus(
            ConsentRecord grant, @Nullable ConsentRecord age, ComingOfAge rule, boolean ofAge) {
        if (age == null || grant.action() != Action.GRANTED) {
            return null;
        }
        Instant comesOfAge = age.expiresAt();
        if (comesOfAge == null || !grant.recordedAt().isBefore(comesOfAge)) {
            return null;
        }
        if (grant.actor().type() != ActorType.GUARDIAN || grant.actor().authority() == null) {
            return ConsentStatus.GUARDIAN_CONSENT_REQUIRED;
        }
        return ofAge && rule == ComingOfAge.REQUIRE_RECONSENT ? ConsentStatus.RECONSENT_REQUIRED : null;
    }

    /** Whether {@code instant} is at or after the coming of age {@code age} states; false without one. */
    static boolean ofAge(@Nullable ConsentRecord age, Instant instant) {
        return age != null && age.isExpiredAt(instant);
    }

    /**
     * The decision for processing for {@code purpose} (the version in force), with no age stated.
     *
     * @param latest the subject's latest record about the purpose, or {@code null}
     * @param lifecycle the subject's latest lifecycle record (erasure, death), or {@code null}
     * @param expired whether {@code latest} is past its expiry at the instant of the decision
     */
    public static Decision decide(
            Purpose purpose, @Nullable ConsentRecord latest, @Nullable ConsentRecord lifecycle, boolean expired) {
        return decide(purpose, latest, lifecycle, expired, null, null, ComingOfAge.REQUIRE_RECONSENT, false);
    }

    /**
     * {@link #decide(Purpose, ConsentRecord, ConsentRecord, boolean)} when the invalidation {@code invalidatedBy}
     * (not null) selects {@code latest}; no age stated.
     */
    public static Decision decide(
            Purpose purpose,
            @Nullable ConsentRecord latest,
            @Nullable ConsentRecord lifecycle,
            boolean expired,
            java.util.@Nullable UUID invalidatedBy) {
        return decide(purpose, latest, lifecycle, expired, invalidatedBy, null, ComingOfAge.REQUIRE_RECONSENT, false);
    }

    /** {@link #decide(Purpose, ConsentRecord, ConsentRecord, boolean)} with an age stated; no invalidation. */
    public static Decision decide(
            Purpose purpose,
            @Nullable ConsentRecord latest,
            @Nullable ConsentRecord lifecycle,
            boolean expired,
            @Nullable ConsentRecord age,
            ComingOfAge rule,
            boolean ofAge) {
        return decide(purpose, latest, lifecycle, expired, null, age, rule, ofAge);
    }

    /**
     * The decision for processing for {@code purpose} (the version in force). When the invalidation
     * {@code invalidatedBy} (not null) selects {@code latest}, a grant is denied with
     * {@link DecisionReason#RECONSENT_REQUIRED} and the decision names the invalidation, unless its version is
     * below the oldest valid (the purpose's own rule, which names none) or a rule before it decides (retired,
     * basis, lifecycle). Then the children rule ({@link #childStatus}), then expiry.
     *
     * @param latest the subject's latest record about the purpose, or {@code null}
     * @param lifecycle the subject's latest lifecycle record (erasure, death), or {@code null}
     * @param expired whether {@code latest} is past its expiry at the instant of the decision
     * @param invalidatedBy the invalidation that selects {@code latest}, or {@code null}
     * @param age the subject's latest {@link Action#AGE_STATED} record, or {@code null}
     * @param rule what a guardian's grant becomes once the subject comes of age
     * @param ofAge whether the instant of the decision is at or after {@code age}'s coming of age
     */
    public static Decision decide(
            Purpose purpose,
            @Nullable ConsentRecord latest,
            @Nullable ConsentRecord lifecycle,
            boolean expired,
            java.util.@Nullable UUID invalidatedBy,
            @Nullable ConsentRecord age,
            ComingOfAge rule,
            boolean ofAge) {
        String id = purpose.id();
        LegalBasis basis = purpose.legalBasis();
        if (purpose.retired()) {
            return Decision.of(DecisionReason.PURPOSE_RETIRED, id, basis, purpose.version(), null);
        }
        if (!basis.dependsOnSubject()) {
            return Decision.of(DecisionReason.LEGAL_BASIS_NOT_CONSENT, id, basis, purpose.version(), null);
        }
        if (lifecycle != null) {
            DecisionReason reason = lifecycle.action() == Action.SUBJECT_ERASED
                    ? DecisionReason.SUBJECT_ERASED
                    : DecisionReason.SUBJECT_DECEASED;
            return Decision.of(reason, id, basis, purpose.version(), lifecycle.id());
        }
        if (latest == null) {
            DecisionReason reason =
                    basis == LegalBasis.CONSENT ? DecisionReason.NO_CONSENT : DecisionReason.NO_OBJECTION;
            return Decision.of(reason, id, basis, purpose.version(), null);
        }
        DecisionReason reason;
        switch (status(purpose, latest, expired, invalidatedBy, age, rule, ofAge)) {
            case GRANTED:
                reason = basis == LegalBasis.CONSENT ? DecisionReason.CONSENT_GRANTED : DecisionReason.NO_OBJECTION;
                break;
            case EXPIRED:
                reason = DecisionReason.CONSENT_EXPIRED;
                break;
            case RECONSENT_REQUIRED:
                if (invalidatedBy != null && latest.purposeVersion() >= purpose.minValidVersion()) {
                    return Decision.invalidated(id, basis, latest.purposeVersion(), latest.id(), invalidatedBy);
                }
                reason = DecisionReason.RECONSENT_REQUIRED;
                break;
            case GUARDIAN_CONSENT_REQUIRED:
                reason = DecisionReason.GUARDIAN_CONSENT_REQUIRED;
                break;
            case DENIED:
                reason = DecisionReason.CONSENT_DENIED;
                break;
            case WITHDRAWN:
                reason = DecisionReason.CONSENT_WITHDRAWN;
                break;
            case OBJECTED:
                reason = DecisionReason.OBJECTED;
                break;
            case OPTED_OUT:
                reason = DecisionReason.OPTED_OUT;
                break;
            case OBJECTION_WITHDRAWN:
                reason = basis == LegalBasis.LEGITIMATE_INTEREST
                        ? DecisionReason.NO_OBJECTION
                        : DecisionReason.NO_CONSENT;
                break;
            default:
                reason = basis == LegalBasis.CONSENT ? DecisionReason.NO_CONSENT : DecisionReason.NO_OBJECTION;
        }
        return Decision.of(reason, id, basis, latest.purposeVersion(), latest.id());
    }

    /** Whether {@code purpose} follows an opt-out model in {@code jurisdiction}. Allocation-free. */
    public static boolean optsOut(Purpose purpose, @Nullable String jurisdiction) {
        return jurisdiction != null && purpose.optOutJurisdictions().contains(jurisdiction);
    }

    /**
     * The decision for {@code purpose} in a jurisdiction where it follows an opt-out model: allowed until the
     * person opts out, whatever the legal basis. A retired purpose and an erased or deceased subject are denied
     * as everywhere; the latest record denies when it is an opt-out ({@link DecisionReason#OPTED_OUT}), a
     * refusal, a withdrawal or an objection, each with its own reason; no record, a grant (whether expired or for
     * an older version: a lapsed grant is not an opt-out) and a withdrawn objection allow with
     * {@link DecisionReason#NOT_OPTED_OUT}. Expiry plays no part, so one decision holds at every instant.
     */
    public static Decision decideOptOut(
            Purpose purpose, @Nullable ConsentRecord latest, @Nullable ConsentRecord lifecycle) {
        String id = purpose.id();
        LegalBasis basis = purpose.legalBasis();
        if (purpose.retired()) {
            return Decision.of(DecisionReason.PURPOSE_RETIRED, id, basis, purpose.version(), null);
        }
        if (lifecycle != null) {
            DecisionReason reason = lifecycle.action() == Action.SUBJECT_ERASED
                    ? DecisionReason.SUBJECT_ERASED
                    : DecisionReason.SUBJECT_DECEASED;
            return Decision.of(reason, id, basis, purpose.version(), lifecycle.id());
        }
        if (latest == null) {
            return Decision.of(DecisionReason.NOT_OPTED_OUT, id, basis, purpose.version(), null);
        }
        DecisionReason reason = switch (latest.action()) {
            case OPTED_OUT -> DecisionReason.OPTED_OUT;
            case DENIED -> DecisionReason.CONSENT_DENIED;
            case WITHDRAWN -> DecisionReason.CONSENT_WITHDRAWN;
            case OBJECTED -> DecisionReason.OBJECTED;
            default -> DecisionReason.NOT_OPTED_OUT;
        };
        return Decision.of(reason, id, basis, latest.purposeVersion(), latest.id());
    }

    /** The denial used when the store cannot answer. */
    public static Decision storeUnavailable(Purpose purpose) {
        return Decision.of(
                DecisionReason.STORE_UNAVAILABLE, purpose.id(), purpose.legalBasis(), purpose.version(), null);
    }

    /** The denial for a purpose id the registry does not know. */
    public static Decision unknownPurpose(String purposeId) {
        return Decision.of(DecisionReason.UNKNOWN_PURPOSE, purposeId, null, 0, null);
    }
}
