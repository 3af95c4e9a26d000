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
    IMPORT,
    /**
     * An opt-out preference signal sent by the person's browser or device, such as Global Privacy Control
     * ({@link OptOutSignal#GPC}); the record's collection point names the signal.
     */
    PREFERENCE_SIGNAL
}
