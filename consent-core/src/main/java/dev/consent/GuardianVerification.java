package dev.consent;

/**
 * Suggested values of {@link Actor#authority()} for a {@link ActorType#GUARDIAN} who grants consent for a child:
 * the method by which the guardian's consent was verified. The children rule ({@link AgeOfConsent}) only
 * requires that some method is recorded; these names keep records comparable. The first seven are the
 * methods of COPPA's Rule, 16 CFR 312.5(b)(2) (and those the FTC approved under 312.12); GDPR Art. 8(2) asks for
 * "reasonable efforts ... taking into consideration available technology", for which any of them serves.
 */
public final class GuardianVerification {
    /** A consent form signed by the parent and returned by post, fax or electronic scan (312.5(b)(2)(i)). */
    public static final String SIGNED_CONSENT_FORM = "signed-consent-form";
    /** A monetary transaction with a credit or debit card or online payment system (312.5(b)(2)(ii)). */
    public static final String PAYMENT_TRANSACTION = "payment-transaction";
    /** A call to a toll-free number staffed by trained personnel (312.5(b)(2)(iii)). */
    public static final String TOLL_FREE_CALL = "toll-free-call";
    /** A video conference with trained personnel (312.5(b)(2)(iv)). */
    public static final String VIDEO_CONFERENCE = "video-conference";
    /** A government-issued identification checked against a database, then deleted (312.5(b)(2)(v)). */
    public static final String GOVERNMENT_ID = "government-id";
    /** Knowledge-based authentication with dynamic multiple-choice questions (approved under 312.12). */
    public static final String KNOWLEDGE_BASED = "knowledge-based-authentication";
    /** A face match against a verified photo identification (approved under 312.12). */
    public static final String FACE_MATCH = "face-match-to-verified-photo-id";
    /** "E-mail plus": for internal use of the child's data only (312.5(b)(2)(vi)); not for disclosure. */
    public static final String EMAIL_PLUS = "email-plus";
    /** Parental responsibility established otherwise (a GDPR controller's own check). */
    public static final String PARENTAL_RESPONSIBILITY = "parental-responsibility";

    private GuardianVerification() {}
}
