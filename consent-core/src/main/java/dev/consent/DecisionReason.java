package dev.consent;

/** Why the {@link Enforcer} allowed or denied processing. */
public enum DecisionReason {
    /** Allowed: the latest record grants consent to a still-valid version and has not expired. */
    CONSENT_GRANTED(true),
    /** Allowed: the legal basis is not consent (contract, legal obligation, vital interests, public task). */
    LEGAL_BASIS_NOT_CONSENT(true),
    /** Allowed: legitimate interest, and the person has not objected (or withdrew the objection). */
    NO_OBJECTION(true),
    /** Denied: the person was never asked, or never answered. */
    NO_CONSENT(false),
    /** Denied: the person refused consent. */
    CONSENT_DENIED(false),
    /** Denied: the person withdrew consent. */
    CONSENT_WITHDRAWN(false),
    /** Denied: the grant is past its expiry. */
    CONSENT_EXPIRED(false),
    /**
     * Denied: the grant is for a version older than the oldest still valid (the text changed materially),
     * or it is a guardian's grant for a subject who has since reached the age of digital consent
     * ({@link ComingOfAge#REQUIRE_RECONSENT}).
     */
    RECONSENT_REQUIRED(false),
    /**
     * Denied: the grant was given while the subject was under the age of digital consent of the stated
     * jurisdiction (GDPR Art. 8(1), COPPA), and not by a {@link ActorType#GUARDIAN} with the verification
     * method recorded in {@link Actor#authority()}. See {@link AgeOfConsent}.
     */
    GUARDIAN_CONSENT_REQUIRED(false),
    /** Denied: the person objected to processing based on legitimate interest. */
    OBJECTED(false),
    /** Denied: the purpose is retired. */
    PURPOSE_RETIRED(false),
    /** Denied: the purpose is not defined in the registry (fail closed). */
    UNKNOWN_PURPOSE(false),
    /** Denied: the subject was erased. */
    SUBJECT_ERASED(false),
    /** Denied: the subject is deceased. */
    SUBJECT_DECEASED(false),
    /** Denied: the store could not be reached to answer (fail closed). */
    STORE_UNAVAILABLE(false),
    /**
     * Denied, for a recipient-scoped check: the recipient was not named in the purpose version the person
     * agreed to (it was added by a later version), material change or not. See {@code docs/recipients.md}.
     */
    RECIPIENT_NOT_AGREED(false),
    /**
     * Denied, for a recipient-scoped check: the recipient is not named in the purpose version in force (it
     * was removed by a later version, or is added only by a version not yet in force at that instant).
     */
    RECIPIENT_NOT_IN_FORCE(false),
    /**
     * Allowed: a sale or sharing purpose checked in a jurisdiction where it follows an opt-out model
     * ({@link Purpose#optOutJurisdictions()}), and the person has not opted out (nor refused, withdrawn or
     * objected).
     */
    NOT_OPTED_OUT(true),
    /** Denied: the person opted out of the sale or sharing of their personal data ({@link Action#OPTED_OUT}). */
    OPTED_OUT(false);

    private final boolean allows;

    DecisionReason(boolean allows) {
        this.allows = allows;
    }

    /** Whether decisions for this reason allow processing. */
    public boolean allows() {
        return allows;
    }
}
