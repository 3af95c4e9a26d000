package dev.consent.requests;

/**
 * When an erasure target runs. Stages run in this order, each after every target of the stage before it has
 * succeeded; the targets of one stage run concurrently. The order keeps the data findable until its last copy
 * goes: what depends on the primary record first, then the primary record, then the copies derived from it.
 */
public enum ErasureStage {
    /** Data that refers to the primary record and would dangle without it (orders, comments, uploads). */
    DEPENDENTS,
    /** The primary database: the subject's own rows. */
    PRIMARY,
    /** Search indexes and other stores derived from the primary database. */
    INDEXES,
    /** Caches, so that nothing serves a copy once the sources are gone. */
    CACHES,
    /** Processors and third parties that received the data, told to erase it (GDPR Art. 17(2), 19). */
    RECIPIENTS
}
