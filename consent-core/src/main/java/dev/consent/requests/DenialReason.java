package dev.consent.requests;

/** Why a request was denied: the categories the CCPA regulations (§7102) report denials by. */
public enum DenialReason {
    /** The requester's identity could not be verified. */
    NOT_VERIFIABLE,
    /** The request was not made by the subject or by someone authorised to act for them. */
    NOT_FROM_SUBJECT,
    /** An exemption of the law applies (a legal obligation to keep the data, for example). */
    EXEMPT,
    /** The request is manifestly unfounded or excessive (GDPR Art. 12(5)). */
    MANIFESTLY_UNFOUNDED,
    /** Another reason, given in the denial's note. */
    OTHER
}
