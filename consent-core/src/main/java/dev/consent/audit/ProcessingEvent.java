package dev.consent.audit;

import dev.consent.InvalidInputException;
import dev.consent.Limits;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of a processing log: {@code system} processed the data of {@code subject} for {@code purposeId} at
 * {@code at}. Immutable.
 *
 * @param subject the subject whose data was processed
 * @param purposeId the purpose it was processed for
 * @param at when it was processed
 * @param system the system, processor or recipient that processed it (free text, such as {@code mailer})
 */
public record ProcessingEvent(String subject, String purposeId, Instant at, String system) {
    /** The longest system name accepted. */
    public static final int MAX_SYSTEM_LENGTH = 255;

    /**
     * @throws InvalidInputException naming the field if a value is null, blank or too long
     */
    public ProcessingEvent {
        text("subject", subject, Limits.MAX_ID_LENGTH);
        text("purposeId", purposeId, Limits.MAX_PURPOSE_ID_LENGTH);
        if (at == null) {
            throw new InvalidInputException("at", null, "must not be null");
        }
        text("system", system, MAX_SYSTEM_LENGTH);
    }

    private static void text(String field, @Nullable String value, int max) {
        String problem = problem(value, max);
        if (problem != null) {
            throw new InvalidInputException(field, value, problem);
        }
    }

    /** What is wrong with a text field's value, or null if nothing is; shared with the log readers. */
    static @Nullable String problem(@Nullable String value, int max) {
        if (value == null) {
            return "must not be null";
        }
        if (value.isBlank()) {
            return "must not be blank";
        }
        if (value.length() > max) {
            return "must be at most " + max + " characters, has " + value.length();
        }
        return null;
    }

    /** The longest value of a column of the log: {@code subject}, {@code purpose} or {@code system}. */
    static int maxLength(String column) {
        switch (column) {
            case "subject":
                return Limits.MAX_ID_LENGTH;
            case "purpose":
                return Limits.MAX_PURPOSE_ID_LENGTH;
            default:
                return MAX_SYSTEM_LENGTH;
        }
    }
}
