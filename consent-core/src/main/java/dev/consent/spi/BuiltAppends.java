package dev.consent.spi;

import dev.consent.InvalidInputException;

/**
 * What a store checks of an append that {@link ConsentStore#appendBuilt} had built, before appending it: that
 * it is the append asked for and builds on the state it was given. Stateless.
 */
public final class BuiltAppends {
    private BuiltAppends() {}

    /**
     * Checks that {@code append} is of {@code subject} and {@code interactionId} and expects the sequence of
     * {@code state}.
     *
     * @throws InvalidInputException if it is not, naming the field that differs
     */
    public static void check(SubjectAppend append, String subject, String interactionId, CurrentState state) {
        if (!append.subject().equals(subject)) {
            throw new InvalidInputException(
                    "append.subject", append.subject(), "must be the subject asked for, " + subject);
        }
        if (!append.interactionId().equals(interactionId)) {
            throw new InvalidInputException(
                    "append.interactionId",
                    append.interactionId(),
                    "must be the interaction asked for, " + interactionId);
        }
        if (append.expectedSequence() != state.sequence()) {
            throw new InvalidInputException(
                    "append.expectedSequence",
                    append.expectedSequence(),
                    "must be the sequence of the state it was built on, " + state.sequence());
        }
    }
}
