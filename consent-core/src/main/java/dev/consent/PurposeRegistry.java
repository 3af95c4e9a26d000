package dev.consent;

import java.util.List;
import java.util.Optional;

/**
 * Defines processing purposes and keeps every version of each. Versions are immutable: a change of
 * text is a new version, and earlier versions stay readable because records prove what a person saw.
 * Thread-safe.
 */
public interface PurposeRegistry {
    /**
     * Publishes a purpose version. The first version of a purpose must be 1 and each next version the
     * one after the latest. Defining an existing version again with identical content is a no-op that
     * returns the stored version; with different content it is an error.
     *
     * @param purpose the definition
     * @return the stored definition, stamped with the instant it was published
     * @throws PurposeConflictException if the version exists with other content, or skips a number
     * @throws StoreUnavailableException if the store failed; nothing was published
     */
    Purpose define(Purpose purpose);

    /** The current (latest) version of {@code purposeId}, if it is defined. */
    Optional<Purpose> find(String purposeId);

    /**
     * The current version of {@code purposeId}.
     *
     * @throws UnknownPurposeException if it is not defined
     */
    Purpose get(String purposeId);

    /** Version {@code version} of {@code purposeId}, if it exists. */
    Optional<Purpose> find(String purposeId, int version);

    /** Every version of {@code purposeId}, oldest first; empty if it is not defined. */
    List<Purpose> versions(String purposeId);

    /** The current version of every defined purpose, sorted by id; retired ones included. */
    List<Purpose> current();

    /** The current versions of the purposes whose group is {@code group}, sorted by id. */
    List<Purpose> group(String group);

    /**
     * A fingerprint of the current definitions: lowercase hex SHA-256 over every current version's
     * content in a canonical form, and over every {@link #invalidations() invalidation} with its lift (only
     * when there are any, so a registry without them keeps its fingerprint). Two services that see the same
     * fingerprint agree on what the purposes are and which grants are invalid; a different one means drift.
     */
    String fingerprint();

    /**
     * Records that the grants {@code request} selects are no longer valid consent: from now (the system's clock)
     * until {@link #lift lifted}, a subject whose latest record about a purpose is such a grant is denied with
     * {@link DecisionReason#RECONSENT_REQUIRED} and the decision names the invalidation, on every check of every
     * system over the store (other systems learn of it as of new purpose versions: on their change feed's next
     * poll, or their next {@code reload}); decisions at earlier instants are unchanged. The event, with who, why
     * and when, is stored with the registry and enters the {@link #fingerprint()}.
     *
     * @return the stored invalidation, with the number of grant records it selected
     * @throws UnknownPurposeException if the request names a purpose that is not defined
     * @throws InvalidInputException naming the filter's leading field if the filter selects no grant; nothing
     *     was written
     * @throws UnsupportedOperationException if the store keeps no registry events
     * @throws StoreUnavailableException if the store failed; nothing was written
     */
    Invalidation invalidate(Invalidation.Request request);

    /**
     * Lifts an invalidation: from now on the grants it selected count again as they did before; decisions at
     * instants while it was in force are unchanged.
     *
     * @param invalidationId the invalidation
     * @param actor who lifts it: an operator or the system
     * @param reason why
     * @return the invalidation with its lift
     * @throws InvalidInputException if no such invalidation exists or it is already lifted; nothing was written
     * @throws StoreUnavailableException if the store failed; nothing was written
     */
    Invalidation lift(java.util.UUID invalidationId, Actor actor, String reason);

    /** Every invalidation, in force or lifted, oldest first (by the time it was recorded, then id). */
    List<Invalidation> invalidations();
}
