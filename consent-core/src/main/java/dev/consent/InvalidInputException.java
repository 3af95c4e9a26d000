package dev.consent;

import dev.consent.internal.ValueText;
import org.jspecify.annotations.Nullable;

/**
 * An argument was rejected. The message names the field and shows the value (truncated and with
 * control characters escaped). Nothing was written when this is thrown.
 */
public class InvalidInputException extends ConsentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    /**
     * @param field the name of the rejected field, such as {@code subject} or {@code items[2].purpose}
     * @param value the rejected value, shown truncated in the message
     * @param problem what is wrong with it, such as "must not be blank"
     */
    public InvalidInputException(String field, @Nullable Object value, String problem) {
        super(field + ": " + problem + " (was " + ValueText.describe(value) + ")");
        this.field = field;
        this.problem = problem;
    }

    /** The name of the rejected field. */
    public String field() {
        return field;
    }

    /**
     * What is wrong with the value, such as "must not be blank": the message without the field and the value,
     * for showing where the value must not appear (it may be personal data, such as a subject id).
     */
    public String problem() {
        return problem;
    }
}
