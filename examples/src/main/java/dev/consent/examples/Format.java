package dev.consent.examples;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Small formatting helpers shared by the examples. */
final class Format {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {}

    /** An instant as a person reads it, such as {@code 2026-03-02 09:05 UTC}; "-" for {@code null}. */
    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }

    /** The first 8 hex digits of a record id, enough to tell records apart on screen; "-" for {@code null}. */
    static String shortId(UUID id) {
        return id == null ? "-" : id.toString().substring(0, 8);
    }

    /** A maximum age in days, or "-" when consent does not expire. */
    static String days(Duration duration) {
        return duration == null ? "-" : duration.toDays() + " days";
    }

    /** A list joined with commas, or "-" when empty. */
    static String list(List<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }

    /** A value or "-" for {@code null}. */
    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
