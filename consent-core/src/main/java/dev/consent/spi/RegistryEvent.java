package dev.consent.spi;

import dev.consent.Actor;
import dev.consent.GrantFilter;
import dev.consent.InvalidInputException;
import dev.consent.Invalidation;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event of the purpose registry other than a purpose version, as a store keeps it: an invalidation of grants
 * ({@link Kind#INVALIDATED}) or its lift ({@link Kind#LIFTED}). Append-only, like the ledger: an event is never
 * changed, and a store keeps at most one event of each kind per invalidation id. Immutable.
 *
 * @param kind what happened
 * @param invalidationId the invalidation the event belongs to
 * @param filter for {@link Kind#INVALIDATED}, the grants invalidated; {@code null} for {@link Kind#LIFTED}
 * @param actor who acted
 * @param reason why
 * @param recordedAt when, millisecond precision
 * @param grantsMatched for {@link Kind#INVALIDATED}, the grant records the filter selected then (1 or more); 0
 *     for {@link Kind#LIFTED}
 */
public record RegistryEvent(
        Kind kind,
        UUID invalidationId,
        @Nullable GrantFilter filter,
        Actor actor,
        String reason,
        Instant recordedAt,
        long grantsMatched) {

    /** What a registry event records. */
    public enum Kind {
        /** Grants were invalidated. */
        INVALIDATED,
        /** An invalidation was lifted. */
        LIFTED
    }

    /** Checks the components and that the filter and count agree with the kind. */
    public RegistryEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(invalidationId, "invalidationId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > Invalidation.MAX_REASON_LENGTH) {
            throw new InvalidInputException(
                    "reason",
                    reason,
                    "must not be blank, and at most " + Invalidation.MAX_REASON_LENGTH + " characters");
        }
        Objects.requireNonNull(recordedAt, "recordedAt");
        if (recordedAt.getNano() % 1_000_000 != 0) {
            throw new InvalidInputException("recordedAt", recordedAt, "must have millisecond precision");
        }
        if ((kind == Kind.INVALIDATED) != (filter != null)) {
            throw new InvalidInputException(
                    "filter", filter, kind == Kind.INVALIDATED ? "is required" : "must be null");
        }
        if (kind == Kind.INVALIDATED ? grantsMatched < 1 : grantsMatched != 0) {
            throw new InvalidInputException(
                    "grantsMatched", grantsMatched, kind == Kind.INVALIDATED ? "must be 1 or more" : "must be 0");
        }
    }

    /** The event that records {@code invalidation} (without its lift). */
    public static RegistryEvent invalidated(Invalidation invalidation) {
        return new RegistryEvent(
                Kind.INVALIDATED,
                invalidation.id(),
                invalidation.filter(),
                invalidation.actor(),
                invalidation.reason(),
                invalidation.invalidatedAt(),
                invalidation.grantsMatched());
    }

    /** The event that records the lift of invalidation {@code invalidationId}. */
    public static RegistryEvent lifted(UUID invalidationId, Invalidation.Lift lift) {
        return new RegistryEvent(Kind.LIFTED, invalidationId, null, lift.actor(), lift.reason(), lift.liftedAt(), 0);
    }
}
