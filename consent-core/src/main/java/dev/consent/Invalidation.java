package dev.consent;

import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An operator's recorded decision that grants collected in a certain way no longer count as valid consent, for
 * example because a form had pre-ticked boxes or a regulator's reading of the law changed: from
 * {@link #invalidatedAt()} until it is lifted, every subject whose latest record about a purpose is a grant
 * {@link #filter()} selects is denied with {@link DecisionReason#RECONSENT_REQUIRED}, and the decision names this
 * invalidation ({@link Decision#invalidationId()}). Decisions at instants before {@link #invalidatedAt()} or
 * after the lift answer as if it did not exist. Created by {@link PurposeRegistry#invalidate(Request)}. Immutable.
 *
 * @param id the invalidation's id
 * @param filter the grants it concerns
 * @param actor who recorded it (an operator or the system)
 * @param reason why, in words an auditor reads
 * @param invalidatedAt when it was recorded (from the system's clock), millisecond precision: it counts from then
 * @param grantsMatched how many grant records the filter selected when it was recorded, 1 or more
 * @param lift the lift, or {@code null} while it is in force
 */
public record Invalidation(
        UUID id,
        GrantFilter filter,
        Actor actor,
        String reason,
        Instant invalidatedAt,
        long grantsMatched,
        @Nullable Lift lift) {
    /** The longest accepted reason of an invalidation or a lift. */
    public static final int MAX_REASON_LENGTH = 2_000;

    /** Validates the components. */
    public Invalidation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(invalidatedAt, "invalidatedAt");
        operator(actor);
        Checks.text("reason", reason, MAX_REASON_LENGTH);
        if (grantsMatched < 1) {
            throw new InvalidInputException("grantsMatched", grantsMatched, "must be 1 or more");
        }
        if (lift != null && lift.liftedAt().isBefore(invalidatedAt)) {
            throw new InvalidInputException(
                    "liftedAt", lift.liftedAt(), "must not be before invalidatedAt (" + invalidatedAt + ")");
        }
    }

    /** Whether this invalidation counts at {@code instant}: recorded by then and not lifted by then. */
    public boolean activeAt(Instant instant) {
        return !invalidatedAt.isAfter(instant)
                && (lift == null || lift.liftedAt().isAfter(instant));
    }

    /** Starts a request to invalidate grants. */
    public static Builder builder() {
        return new Builder();
    }

    static Actor operator(@Nullable Actor actor) {
        Objects.requireNonNull(actor, "actor");
        if (actor.type() != ActorType.OPERATOR && actor.type() != ActorType.SYSTEM) {
            throw new InvalidInputException("actor", actor.type(), "must be an OPERATOR or the SYSTEM");
        }
        return actor;
    }

    /**
     * The lift of an invalidation: from {@link #liftedAt()} on, the grants count again as they did before.
     *
     * @param actor who lifted it (an operator or the system)
     * @param reason why
     * @param liftedAt when (from the system's clock), millisecond precision
     */
    public record Lift(Actor actor, String reason, Instant liftedAt) {
        /** Validates the components. */
        public Lift {
            operator(actor);
            Checks.text("reason", reason, MAX_REASON_LENGTH);
            Objects.requireNonNull(liftedAt, "liftedAt");
        }
    }

    /**
     * What {@link PurposeRegistry#invalidate(Request)} is asked to record: which grants, who, and why. The time
     * comes from the system's clock.
     *
     * @param filter the grants to invalidate
     * @param actor who (an operator or the system)
     * @param reason why
     */
    public record Request(GrantFilter filter, Actor actor, String reason) {
        /** Validates the components. */
        public Request {
            Objects.requireNonNull(filter, "filter");
            operator(actor);
            Checks.text("reason", reason, MAX_REASON_LENGTH);
        }
    }

    /** Builds a {@link Request}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String purposeId;
        private @Nullable String collectionPoint;
        private @Nullable String noticeVersion;
        private @Nullable Instant recordedFrom;
        private @Nullable Instant recordedUntil;
        private @Nullable Actor actor;
        private @Nullable String reason;

        private Builder() {}

        /** Only grants of this purpose; by default, of every purpose. */
        public Builder purpose(String purposeId) {
            this.purposeId = once("purposeId", this.purposeId, purposeId);
            return this;
        }

        /** Only grants collected at this collection point, such as {@code signup_form_v3}. */
        public Builder collectionPoint(String collectionPoint) {
            this.collectionPoint = once("collectionPoint", this.collectionPoint, collectionPoint);
            return this;
        }

        /** Only grants collected under this notice or policy version. */
        public Builder noticeVersion(String noticeVersion) {
            this.noticeVersion = once("noticeVersion", this.noticeVersion, noticeVersion);
            return this;
        }

        /** Only grants recorded in {@code [from, until)}; either bound may be {@code null} for an open end. */
        public Builder recordedBetween(@Nullable Instant from, @Nullable Instant until) {
            if (recordedFrom != null || recordedUntil != null) {
                throw new InvalidInputException("recordedFrom", from, "the window is already set");
            }
            this.recordedFrom = from;
            this.recordedUntil = until;
            return this;
        }

        /** Who records the invalidation: an {@link Actor#operator(String)} or {@link Actor#system()}. */
        public Builder by(Actor actor) {
            this.actor = once("actor", this.actor, operator(actor));
            return this;
        }

        /** Who records the invalidation: the operator with this id. */
        public Builder by(String operatorId) {
            return by(Actor.operator(operatorId));
        }

        /** Why, such as "the form signup_v2 had pre-ticked boxes (Planet49)". */
        public Builder because(String reason) {
            this.reason = once("reason", this.reason, reason);
            return this;
        }

        /**
         * The request.
         *
         * @throws InvalidInputException naming the first invalid or missing field
         */
        public Request build() {
            GrantFilter filter =
                    new GrantFilter(purposeId, collectionPoint, noticeVersion, recordedFrom, recordedUntil);
            if (actor == null) {
                throw new InvalidInputException("actor", null, "is required: who invalidates");
            }
            if (reason == null) {
                throw new InvalidInputException("reason", null, "is required: why");
            }
            return new Request(filter, actor, reason);
        }

        private static <T> T once(String field, @Nullable T current, T value) {
            Objects.requireNonNull(value, field);
            if (current != null) {
                throw new InvalidInputException(field, value, "is already set (to " + current + ")");
            }
            return value;
        }
    }
}
