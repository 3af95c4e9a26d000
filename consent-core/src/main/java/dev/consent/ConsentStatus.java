package dev.consent;

/** The state of a subject for one purpose, derived from the latest record at a given instant. */
public enum ConsentStatus {
    /** No record: never asked. */
    NONE,
    /** Granted, not expired, for a still-valid version. */
    GRANTED,
    /** Refused at collection. */
    DENIED,
    /** Withdrawn after a grant. */
    WITHDRAWN,
    /** Objected to (legitimate interest). */
    OBJECTED,
    /** An objection that was later taken back. */
    OBJECTION_WITHDRAWN,
    /** Granted, but past its expiry. */
    EXPIRED,
    /**
     * Granted for a version older than the oldest still valid, or by a guardian for a subject who has since
     * reached the age of digital consent ({@link ComingOfAge#REQUIRE_RECONSENT}): fresh consent is needed.
     */
    RECONSENT_REQUIRED,
    /**
     * Granted while the subject was under the age of digital consent, without a guardian's verified consent
     * (see {@link AgeOfConsent}): the grant does not count.
     */
    GUARDIAN_CONSENT_REQUIRED,
    /** Opted out of the sale or sharing of personal data ({@link Action#OPTED_OUT}). */
    OPTED_OUT
}
