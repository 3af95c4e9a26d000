package dev.consent;

import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One form submission or API call: a subject's decisions about several purposes, collected together.
 * {@link ConsentLedger#record(Interaction)} appends all its decisions atomically, or none. Immutable.
 *
 * <p>The interaction id is the idempotency key: recording an interaction whose id the subject already
 * has returns the records stored the first time instead of writing again, so a retry after an unknown
 * outcome is safe. Give your own id (such as the form submission id) to make retries across processes
 * safe; by default a random one is generated when the interaction is built.
 *
 * <p>A decision may address a purpose group as a whole ({@link Builder#grantGroup(String)} and its
 * siblings): the ledger resolves it, when it records the interaction, into one record per member of the
 * group at that moment, all in this one interaction. The members are the current, not retired purposes of
 * the group whose legal basis is {@link LegalBasis#CONSENT}; members on another basis are skipped, since
 * consent is not what allows their processing (object to a legitimate-interest purpose on its own).
 * A group without such members is rejected, naming it. Checks stay per purpose.
 */
public final class Interaction {
    /** Interaction ids starting with this are the library's own, such as the one of an erasure record. */
    public static final String RESERVED_PREFIX = "consent:";

    /** Most decisions one interaction may hold. */
    public static final int MAX_ITEMS = 10_000;

    private final String subject;
    private final String interactionId;
    private final CollectionContext context;
    private final List<Item> items;
    private final List<GroupItem> groups;
    private final @Nullable Instant occurredAt;

    private Interaction(Builder b) {
        this.subject = Checks.subject(b.subject);
        this.interactionId = b.interactionId == null
                ? java.util.UUID.randomUUID().toString()
                : Checks.text("interactionId", b.interactionId, Checks.MAX_ID_LENGTH);
        if (interactionId.startsWith(RESERVED_PREFIX)) {
            throw new InvalidInputException(
                    "interactionId",
                    interactionId,
                    "must not start with \"" + RESERVED_PREFIX + "\", which the library keeps for its own records");
        }
        if (b.context == null) {
            throw new InvalidInputException("context", null, "must be set");
        }
        this.context = b.context;
        if (b.items.isEmpty() && b.groups.isEmpty()) {
            throw new InvalidInputException("items", "[]", "must hold at least one decision");
        }
        if (b.items.size() > MAX_ITEMS) {
            throw new InvalidInputException("items", b.items.size() + " decisions", "must hold at most " + MAX_ITEMS);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < b.items.size(); i++) {
            Item item = b.items.get(i);
            Checks.purposeId("items[" + i + "].purpose", item.purposeId());
            if (item.version() < 0) {
                throw new InvalidInputException(
                        "items[" + i + "].version", item.version(), "must be 1 or more, or 0 for the current version");
            }
            if (!seen.add(item.purposeId())) {
                throw new InvalidInputException(
                        "items[" + i + "].purpose", item.purposeId(), "appears more than once in one interaction");
            }
        }
        this.items = List.copyOf(b.items);
        Set<String> groupsSeen = new HashSet<>();
        for (int i = 0; i < b.groups.size(); i++) {
            GroupItem g = b.groups.get(i);
            Checks.purposeId("groups[" + i + "].group", g.group());
            if (!groupsSeen.add(g.group())) {
                throw new InvalidInputException(
                        "groups[" + i + "].group", g.group(), "appears more than once in one interaction");
            }
        }
        this.groups = List.copyOf(b.groups);
        this.occurredAt = b.occurredAt;
    }

    /**
     * Starts an interaction of {@code subject}.
     *
     * @param subject the subject id: 1 to 255 characters, no control characters
     */
    public static Builder builder(String subject) {
        return new Builder(subject);
    }

    /** The subject id. */
    public String subject() {
        return subject;
    }

    /** The interaction id, shared by all its records; the idempotency key. */
    public String interactionId() {
        return interactionId;
    }

    /** How, where and by whom the decisions were collected. */
    public CollectionContext context() {
        return context;
    }

    /** The decisions, in order; unmodifiable. */
    public List<Item> items() {
        return items;
    }

    /**
     * The decisions about whole purpose groups, in order; unmodifiable. The ledger turns each into one
     * decision per member when it records the interaction.
     */
    public List<GroupItem> groups() {
        return groups;
    }

    /** When the decisions were made, when given (imports, paper forms); otherwise the ledger's clock decides. */
    public Optional<Instant> occurredAt() {
        return Optional.ofNullable(occurredAt);
    }

    /**
     * One decision of an interaction.
     *
     * @param purposeId the purpose
     * @param version the version of the purpose the person saw, or 0 for the current version
     * @param action the decision; not a lifecycle action
     */
    public record Item(String purposeId, int version, Action action) {
        /** Checks that the action is a decision about a purpose. */
        public Item {
            Objects.requireNonNull(purposeId, "purposeId");
            Objects.requireNonNull(action, "action");
            if (action.concernsSubject()) {
                throw new InvalidInputException(
                        "action",
                        action,
                        "concerns the subject as a whole; use the ledger's methods (erase, markDeceased, stateAge)");
            }
        }
    }

    /**
     * One decision about every member of a purpose group, each at its current version.
     *
     * @param group the group, as {@link Purpose#group()} names it
     * @param action {@link Action#GRANTED}, {@link Action#DENIED} or {@link Action#WITHDRAWN}
     */
    public record GroupItem(String group, Action action) {
        /** Checks that the action is a consent decision. */
        public GroupItem {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(action, "action");
            if (!action.isConsentDecision()) {
                throw new InvalidInputException(
                        "action", action, "is not a consent decision; a group can be granted, denied or withdrawn");
            }
        }
    }

    /** Builds an {@link Interaction}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final String subject;
        private @Nullable String interactionId;
        private @Nullable CollectionContext context;
        private final List<Item> items = new ArrayList<>();
        private final List<GroupItem> groups = new ArrayList<>();
        private @Nullable Instant occurredAt;

        private Builder(String subject) {
            this.subject = subject;
        }

        /** The idempotency key, such as a form submission id; random by default. */
        public Builder interactionId(String interactionId) {
            this.interactionId = Objects.requireNonNull(interactionId, "interactionId");
            return this;
        }

        /** How, where and by whom; required. */
        public Builder context(CollectionContext context) {
            this.context = Objects.requireNonNull(context, "context");
            return this;
        }

        /** When the decisions were made, for imports and paper forms; must not be in the future. */
        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
            return this;
        }

        /** Adds a decision with an explicit action. */
        public Builder decision(String purposeId, int version, Action action) {
            items.add(new Item(purposeId, version, action));
            return this;
        }

        /** The person granted consent to the current version of {@code purposeId}. */
        public Builder grant(String purposeId) {
            return decision(purposeId, 0, Action.GRANTED);
        }

        /** The person granted consent to version {@code version} of {@code purposeId}, the one they saw. */
        public Builder grant(String purposeId, int version) {
            return decision(purposeId, version, Action.GRANTED);
        }

        /** The person refused consent to the current version of {@code purposeId}. */
        public Builder deny(String purposeId) {
            return decision(purposeId, 0, Action.DENIED);
        }

        /** The person withdrew consent to {@code purposeId}. */
        public Builder withdraw(String purposeId) {
            return decision(purposeId, 0, Action.WITHDRAWN);
        }

        /** The person objected to processing for {@code purposeId} (a legitimate-interest purpose). */
        public Builder object(String purposeId) {
            return decision(purposeId, 0, Action.OBJECTED);
        }

        /** The person took back an objection to {@code purposeId}. */
        public Builder withdrawObjection(String purposeId) {
            return decision(purposeId, 0, Action.OBJECTION_WITHDRAWN);
        }

        /**
         * The person granted consent to every member of {@code group}: one record per member, see
         * {@link Interaction} for which purposes are members.
         */
        public Builder grantGroup(String group) {
            groups.add(new GroupItem(group, Action.GRANTED));
            return this;
        }

        /** The person refused consent to every member of {@code group} when asked. */
        public Builder denyGroup(String group) {
            groups.add(new GroupItem(group, Action.DENIED));
            return this;
        }

        /** The person withdrew consent to every member of {@code group}. */
        public Builder withdrawGroup(String group) {
            groups.add(new GroupItem(group, Action.WITHDRAWN));
            return this;
        }

        /** @throws InvalidInputException naming the first invalid field */
        public Interaction build() {
            return new Interaction(this);
        }
    }
}
