package dev.consent;

/** Who made a decision recorded in the ledger. */
public enum ActorType {
    /** The data subject themself. */
    SUBJECT,
    /** A parent or legal guardian acting for the subject (for example for a child, GDPR Art. 8). */
    GUARDIAN,
    /** An agent the subject authorised to act for them. */
    AGENT,
    /** A member of staff of the controller, such as a support agent taking a request by phone. */
    OPERATOR,
    /** The system itself, such as an automated import or an erasure job. */
    SYSTEM
}
