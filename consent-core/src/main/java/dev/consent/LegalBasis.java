package dev.consent;

/**
 * The six lawful bases for processing personal data of GDPR Art. 6(1). Only {@link #CONSENT} and
 * {@link #LEGITIMATE_INTEREST} depend on what the person decided; see {@link Enforcer} for the rules.
 */
public enum LegalBasis {
    /** Art. 6(1)(a): the person consented; processing needs a valid, unexpired grant. */
    CONSENT,
    /** Art. 6(1)(b): necessary for a contract with the person; consent is not the basis. */
    CONTRACT,
    /** Art. 6(1)(c): necessary to comply with a legal obligation; consent is not the basis. */
    LEGAL_OBLIGATION,
    /** Art. 6(1)(d): necessary to protect someone's vital interests; consent is not the basis. */
    VITAL_INTERESTS,
    /** Art. 6(1)(e): necessary for a task in the public interest; consent is not the basis. */
    PUBLIC_TASK,
    /** Art. 6(1)(f): the controller's legitimate interest; allowed until the person objects (Art. 21). */
    LEGITIMATE_INTEREST;

    /** Whether a decision of the person (a grant or an objection) governs processing under this basis. */
    public boolean dependsOnSubject() {
        return this == CONSENT || this == LEGITIMATE_INTEREST;
    }
}
