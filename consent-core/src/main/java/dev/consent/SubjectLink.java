package dev.consent;

import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * A link from an anonymous visitor id to an account id, made by {@link ConsentLedger#link}. The visitor's
 * latest decisions were carried over to the account as new records of the interaction
 * {@link #interactionId()} on the account's chain (none, when the account already held newer decisions).
 * Both subjects' histories are kept; the link is listed in both subjects' access exports. Immutable.
 *
 * @param anonymousId the visitor id whose decisions were carried over
 * @param accountId the account id they were carried to
 * @param interactionId the interaction id of the carried records on the account's chain; it starts with
 *     {@link Interaction#RESERVED_PREFIX}{@code link:} and is derived from the visitor's history, so the
 *     same link made twice has the same id
 * @param linkedAt when the link was made (the time of the carried records, if any)
 */
public record SubjectLink(String anonymousId, String accountId, String interactionId, Instant linkedAt) {
    /** Validates the components. */
    public SubjectLink {
        Checks.text("anonymousId", anonymousId, Checks.MAX_ID_LENGTH);
        Checks.text("accountId", accountId, Checks.MAX_ID_LENGTH);
        Checks.text("interactionId", interactionId, Checks.MAX_ID_LENGTH);
        Objects.requireNonNull(linkedAt, "linkedAt");
        if (linkedAt.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("linkedAt", linkedAt, "must have millisecond precision");
        }
    }
}
