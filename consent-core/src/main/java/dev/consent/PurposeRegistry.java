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
     * content in a canonical form. Two services that see the same fingerprint agree on what the
     * purposes are; a different one means drift.
     */
    String fingerprint();
}
