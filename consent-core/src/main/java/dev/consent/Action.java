package dev.consent;

/**
 * What a {@link ConsentRecord} records. Purpose actions concern one purpose; lifecycle actions concern the
 * subject as a whole and carry no purpose.
 */
public enum Action {
    /** The person gave consent to a {@link LegalBasis#CONSENT} purpose. */
    GRANTED,
    /** The person refused consent when asked (at collection). */
    DENIED,
    /** The person withdrew a consent given earlier (GDPR Art. 7(3)). */
    WITHDRAWN,
    /** The person objected to processing based on {@link LegalBasis#LEGITIMATE_INTEREST} (Art. 21). */
    OBJECTED,
    /** The person took back an earlier objection. */
    OBJECTION_WITHDRAWN,
    /** Lifecycle: the subject's personal data was erased; every consent-based check denies from now on. */
    SUBJECT_ERASED,
    /** Lifecycle: the subject was reported deceased; consent and legitimate-interest processing stop. */
    SUBJECT_DECEASED,
    /**
     * The person opted out of the sale or sharing of their personal data for a purpose that declares it
     * ({@link Purpose#saleOrSharing()}): by a link or form, or by an opt-out preference signal (then the record's
     * channel is {@link Channel#PREFERENCE_SIGNAL} and its collection point the signal's name, such as
     * {@code GPC}; see {@link ConsentLedger#honourOptOutSignal}). Denies processing for that purpose in every
     * jurisdiction, with {@link DecisionReason#OPTED_OUT}, until a later record of the person says otherwise.
     */
    OPTED_OUT,
    /**
     * Subject-level fact: the application stated the subject's birth date or age band for a jurisdiction
     * ({@link ConsentLedger#stateAge}). Not a lifecycle action: it stops nothing by itself, but a grant
     * given while the subject was under that jurisdiction's age of digital consent needs a guardian (see
     * {@link AgeOfConsent}). The record carries no purpose; its {@link ConsentRecord#expiresAt()} is the
     * instant the subject reaches the age; the birth date or band is evidence, removed by erasure.
     */
    AGE_STATED;

    /** Whether this action concerns the subject as a whole rather than one purpose. */
    public boolean isLifecycle() {
        return this == SUBJECT_ERASED || this == SUBJECT_DECEASED;
    }

    /**
     * Whether this action concerns the subject as a whole and so carries no purpose: a lifecycle action or
     * {@link #AGE_STATED}.
     */
    public boolean concernsSubject() {
        return isLifecycle() || this == AGE_STATED;
    }

    /** Whether this action is a decision about consent ({@link #GRANTED}, {@link #DENIED}, {@link #WITHDRAWN}). */
    public boolean isConsentDecision() {
        return this == GRANTED || this == DENIED || this == WITHDRAWN;
    }

    /** Whether this action is about an objection ({@link #OBJECTED}, {@link #OBJECTION_WITHDRAWN}). */
    public boolean isObjectionDecision() {
        return this == OBJECTED || this == OBJECTION_WITHDRAWN;
    }

    /** Whether this action is an opt-out of the sale or sharing of personal data ({@link #OPTED_OUT}). */
    public boolean isOptOut() {
        return this == OPTED_OUT;
    }
}
