package dev.consent.requests;

/** What a data subject asks for. */
public enum RequestKind {
    /** A copy of everything held on them (GDPR Art. 15; CCPA right to know). */
    ACCESS,
    /** Erasure of their data (GDPR Art. 17; CCPA right to delete). */
    ERASURE,
    /** An objection to processing on legitimate interest or for direct marketing (GDPR Art. 21). */
    OBJECTION,
    /** Restriction of processing (GDPR Art. 18; CCPA right to limit use of sensitive data). */
    RESTRICTION,
    /** Correction of inaccurate data (GDPR Art. 16; CCPA right to correct). */
    RECTIFICATION,
    /** An opt-out of the sale or sharing of their personal information (CCPA §1798.120). */
    OPT_OUT_OF_SALE_OR_SHARING
}
