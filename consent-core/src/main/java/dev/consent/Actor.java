package dev.consent;

import dev.consent.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who made a decision, and on what authority.
 *
 * @param type the kind of actor
 * @param id an identifier of the actor when it is not the subject (a guardian's account, an operator's
 *     staff id), or {@code null}
 * @param authority what entitles the actor to act for the subject (such as "parental responsibility" or
 *     a power-of-attorney reference), or {@code null}
 */
public record Actor(
        ActorType type, @Nullable String id, @Nullable String authority) {
    private static final Actor SUBJECT = new Actor(ActorType.SUBJECT, null, null);
    private static final Actor SYSTEM = new Actor(ActorType.SYSTEM, null, null);

    /** Validates the components. */
    public Actor {
        Objects.requireNonNull(type, "type");
        Checks.optionalText("actor.id", id, Checks.MAX_ID_LENGTH);
        Checks.optionalText("actor.authority", authority, Checks.MAX_ID_LENGTH);
    }

    /** The subject acting for themself. */
    public static Actor subject() {
        return SUBJECT;
    }

    /** The system acting on its own (imports, scheduled jobs). */
    public static Actor system() {
        return SYSTEM;
    }

    /**
     * A guardian acting for the subject.
     *
     * @param guardianId the guardian's identifier
     * @param authority what entitles them, such as "parental responsibility"
     */
    public static Actor guardian(String guardianId, String authority) {
        return new Actor(
                ActorType.GUARDIAN,
                Objects.requireNonNull(guardianId, "guardianId"),
                Objects.requireNonNull(authority, "authority"));
    }

    /**
     * A member of staff acting on the subject's request.
     *
     * @param operatorId the operator's identifier
     */
    public static Actor operator(String operatorId) {
        return new Actor(ActorType.OPERATOR, Objects.requireNonNull(operatorId, "operatorId"), null);
    }
}
