package dev.consent.testkit.model;

import java.time.Duration;
import java.time.Period;
import java.util.List;

/**
 * One step of a random history: a write, a purpose definition or a move of the clock. Subjects and purposes
 * are indices into {@link Model#SUBJECTS} and {@link Model#PURPOSES}; {@code amount} is the index of a clock
 * move in {@link #MOVES} or, for {@link Kind#TO_EXPIRY}, the offset in milliseconds from the next expiry.
 *
 * @param kind what the step does
 * @param subject the subject it concerns (for a link: the visitor, linked to its account)
 * @param purpose the purpose it concerns
 * @param amount the clock move
 */
record Step(Kind kind, int subject, int purpose, int amount) {
    /** What a step does. */
    public enum Kind {
        /** A new version of the purpose with a new description; grants of earlier versions stay valid. */
        EDITORIAL,
        /** A new version of the purpose that is a material change: grants of earlier versions stop counting. */
        MATERIAL,
        /** A new version of the purpose that retires it. */
        RETIRE,
        /** The subject grants consent. */
        GRANT,
        /** The subject refuses consent when asked. */
        DENY,
        /** The subject withdraws consent. */
        WITHDRAW,
        /** The subject objects to a legitimate interest. */
        OBJECT,
        /** The subject withdraws an objection. */
        WITHDRAW_OBJECTION,
        /** The visitor {@code subject} is linked to its account. */
        LINK,
        /** The subject is erased. */
        ERASE,
        /** The subject is recorded as deceased. */
        DIE,
        /** The clock moves by {@code MOVES.get(amount)}. */
        ADVANCE,
        /** The clock moves to the next expiry of a grant plus {@code amount} milliseconds (-1 or 0). */
        TO_EXPIRY
    }

    /** The clock moves of {@link Kind#ADVANCE}: each a {@link Duration} or a calendar {@link Period}. */
    public static final List<Object> MOVES = List.of(
            Duration.ofMillis(1),
            Duration.ofMinutes(3),
            Duration.ofMinutes(11),
            Duration.ofHours(2),
            Duration.ofDays(1),
            Duration.ofDays(2),
            Period.ofMonths(1),
            Period.ofDays(27),
            Period.ofMonths(5));

    @Override
    public String toString() {
        return switch (kind) {
            case EDITORIAL, MATERIAL, RETIRE ->
                kind + " " + Model.PURPOSES.get(purpose).id();
            case LINK -> "LINK " + Model.SUBJECTS.get(subject) + " -> " + Model.accountOf(subject);
            case ERASE, DIE -> kind + " " + Model.SUBJECTS.get(subject);
            case ADVANCE -> "ADVANCE " + MOVES.get(amount);
            case TO_EXPIRY -> "TO_EXPIRY " + (amount == 0 ? "" : amount + " ms");
            default ->
                kind + " " + Model.SUBJECTS.get(subject) + " "
                        + Model.PURPOSES.get(purpose).id();
        };
    }
}
