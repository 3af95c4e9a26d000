package dev.consent.internal;

import dev.consent.Actor;
import dev.consent.GrantFilter;
import dev.consent.InvalidInputException;
import dev.consent.Invalidation;
import dev.consent.spi.RegistryEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The writes of {@link dev.consent.PurposeRegistry#invalidate} and {@link dev.consent.PurposeRegistry#lift}:
 * every check before one registry event is stored, so that bad input writes nothing. The registry serialises
 * them and reloads its view afterwards.
 */
final class InvalidationWrites {
    private InvalidationWrites() {}

    /**
     * Counts the grants the request selects and stores the invalidation when there are any.
     *
     * @throws InvalidInputException naming the filter's leading field if it selects no grant
     */
    static Invalidation invalidate(GuardedStore store, Clock clock, Invalidation.Request request) {
        GrantFilter filter = request.filter();
        long matched = store.countGrants(filter);
        if (matched < 1) {
            throw new InvalidInputException(
                    filter.leadingField(),
                    filter.leadingValue(),
                    "the invalidation matches no grant in the ledger (" + describe(filter) + "); nothing was recorded");
        }
        Invalidation invalidation = new Invalidation(
                UUID.randomUUID(), filter, request.actor(), request.reason(), now(clock), matched, null);
        store.saveRegistryEvent(RegistryEvent.invalidated(invalidation));
        return invalidation;
    }

    /**
     * Stores the lift of {@code invalidationId}, one of {@code current}.
     *
     * @throws InvalidInputException if it is unknown or already lifted
     */
    static Invalidation lift(
            GuardedStore store, Clock clock, Invalidations current, UUID invalidationId, Actor actor, String reason) {
        Invalidation found = null;
        for (Invalidation i : current.all()) {
            if (i.id().equals(invalidationId)) {
                found = i;
            }
        }
        if (found == null) {
            throw new InvalidInputException("invalidationId", invalidationId, "no such invalidation");
        }
        if (found.lift() != null) {
            throw new InvalidInputException(
                    "invalidationId",
                    invalidationId,
                    "is already lifted (at " + found.lift().liftedAt() + ")");
        }
        Instant at = now(clock);
        if (at.isBefore(found.invalidatedAt())) {
            at = found.invalidatedAt(); // a clock set back: the lift never precedes what it lifts
        }
        Invalidation.Lift lift = new Invalidation.Lift(actor, reason, at);
        Invalidation lifted = new Invalidation(
                found.id(),
                found.filter(),
                found.actor(),
                found.reason(),
                found.invalidatedAt(),
                found.grantsMatched(),
                lift);
        store.saveRegistryEvent(RegistryEvent.lifted(found.id(), lift));
        return lifted;
    }

    private static Instant now(Clock clock) {
        return Objects.requireNonNull(clock.instant()).truncatedTo(ChronoUnit.MILLIS);
    }

    /** The criteria given, for a message. */
    static String describe(GrantFilter f) {
        StringBuilder b = new StringBuilder();
        append(b, "purposeId", f.purposeId());
        append(b, "collectionPoint", f.collectionPoint());
        append(b, "noticeVersion", f.noticeVersion());
        append(b, "recordedFrom", f.recordedFrom());
        append(b, "recordedUntil", f.recordedUntil());
        return b.toString();
    }

    private static void append(StringBuilder b, String name, Object value) {
        if (value != null) {
            b.append(b.length() == 0 ? "" : ", ").append(name).append('=').append(ValueText.describe(value));
        }
    }
}
