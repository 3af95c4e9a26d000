package dev.consent;

import dev.consent.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How, where and by whom decisions were collected: shared by every decision of one interaction.
 *
 * @param channel how it was collected
 * @param collectionPoint where, such as {@code signup_form_v3}, or {@code null}
 * @param noticeVersion the privacy notice or policy version shown, or {@code null}
 * @param actor who acted
 * @param jurisdiction the jurisdiction, such as {@code EU}, or {@code null}
 * @param evidence evidence that is personal data (IP address, user agent), stored apart and erasable
 */
public record CollectionContext(
        Channel channel,
        @Nullable String collectionPoint,
        @Nullable String noticeVersion,
        Actor actor,
        @Nullable String jurisdiction,
        Evidence evidence) {

    /** Validates the components. */
    public CollectionContext {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(evidence, "evidence");
        Checks.optionalText("collectionPoint", collectionPoint, Checks.MAX_ID_LENGTH);
        Checks.optionalText("noticeVersion", noticeVersion, Checks.MAX_ID_LENGTH);
        Checks.optionalText("jurisdiction", jurisdiction, Limits.MAX_JURISDICTION_LENGTH);
    }

    /**
     * The subject acting through {@code channel} at {@code collectionPoint}, with no other details.
     *
     * @param channel how it was collected
     * @param collectionPoint where it was collected
     */
    public static CollectionContext of(Channel channel, String collectionPoint) {
        return builder(channel).collectionPoint(collectionPoint).build();
    }

    /** Starts a context for decisions collected through {@code channel}. */
    public static Builder builder(Channel channel) {
        return new Builder(Objects.requireNonNull(channel, "channel"));
    }

    /** Builds a {@link CollectionContext}. Not thread-safe. */
    public static final class Builder {
        private final Channel channel;
        private @Nullable String collectionPoint;
        private @Nullable String noticeVersion;
        private Actor actor = Actor.subject();
        private @Nullable String jurisdiction;
        private Evidence evidence = Evidence.none();

        private Builder(Channel channel) {
            this.channel = channel;
        }

        /** Where it was collected, such as {@code signup_form_v3}. */
        public Builder collectionPoint(String collectionPoint) {
            this.collectionPoint = Objects.requireNonNull(collectionPoint, "collectionPoint");
            return this;
        }

        /** The version of the privacy notice or policy the person was shown. */
        public Builder noticeVersion(String noticeVersion) {
            this.noticeVersion = Objects.requireNonNull(noticeVersion, "noticeVersion");
            return this;
        }

        /** Who acted; defaults to {@link Actor#subject()}. */
        public Builder actor(Actor actor) {
            this.actor = Objects.requireNonNull(actor, "actor");
            return this;
        }

        /** The jurisdiction, such as {@code EU} or {@code US-CA}. */
        public Builder jurisdiction(String jurisdiction) {
            this.jurisdiction = Objects.requireNonNull(jurisdiction, "jurisdiction");
            return this;
        }

        /** Evidence that is personal data; defaults to none. */
        public Builder evidence(Evidence evidence) {
            this.evidence = Objects.requireNonNull(evidence, "evidence");
            return this;
        }

        /** @throws InvalidInputException naming the first invalid field */
        public CollectionContext build() {
            return new CollectionContext(channel, collectionPoint, noticeVersion, actor, jurisdiction, evidence);
        }
    }
}
