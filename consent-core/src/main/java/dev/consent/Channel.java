package dev.consent;

/** How a decision was collected. */
public enum Channel {
    /** A web page or web form. */
    WEB,
    /** A mobile application. */
    MOBILE_APP,
    /** A link or reply in an e-mail. */
    EMAIL,
    /** A programmatic call from another system. */
    API,
    /** Face to face. */
    IN_PERSON,
    /** A telephone call. */
    PHONE,
    /** A paper form. */
    PAPER,
    /** Imported from an earlier system of record. */
    IMPORT
}
