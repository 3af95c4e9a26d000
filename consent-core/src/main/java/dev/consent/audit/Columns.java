package dev.consent.audit;

import dev.consent.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The four columns of a processing log by name, {@code subject}, {@code purpose}, {@code at} and
 * {@code system}, and the checks of their values that name where a bad value stands (line or row, column).
 */
final class Columns {
    static final List<String> NAMES = List.of("subject", "purpose", "at", "system");

    private Columns() {}

    /** A text column's value, checked. */
    static String text(String where, String column, @Nullable String value) {
        String problem = ProcessingEvent.problem(value, ProcessingEvent.maxLength(column));
        if (problem != null) {
            throw new InvalidInputException(where, value, problem);
        }
        return value;
    }

    /** The {@code at} column's text: an ISO-8601 instant. */
    static Instant instant(String where, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(where, value, "must not be blank");
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where, value, "is not an ISO-8601 instant such as 2026-03-03T14:14:00Z");
        }
    }
}
