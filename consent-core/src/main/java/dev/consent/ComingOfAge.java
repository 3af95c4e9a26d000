package dev.consent;

/**
 * What happens to a guardian's consent when the subject reaches the age of digital consent of the
 * jurisdiction stated for it ({@link AgeOfConsent}). Set with {@link AgeOfConsent.Builder#comingOfAge}.
 * The rule is applied at the instant of each decision, so a cached check changes its answer at the instant
 * the subject comes of age, as a grant's expiry does.
 */
public enum ComingOfAge {
    /**
     * The default: from the instant the subject reaches the age, a grant given by a guardian while the
     * subject was under it stops counting; decisions deny with {@link DecisionReason#RECONSENT_REQUIRED}
     * (status {@link ConsentStatus#RECONSENT_REQUIRED}) until the subject grants consent themself. The
     * cautious reading of GDPR Art. 8 (the guardian's authority ends with the child's minority).
     */
    REQUIRE_RECONSENT,
    /**
     * A grant given by a guardian keeps counting after the subject reaches the age, until it expires or
     * the subject withdraws it; for controllers whose counsel holds that a valid consent survives the
     * coming of age. The subject's own grant while under age still never counts.
     */
    KEEP_GUARDIAN_CONSENT
}
