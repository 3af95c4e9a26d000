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

    /** A maximum age given as ISO-8601 text ({@code P13M}, {@code PT720H}), in words. */
    static String lifetime(String iso) {
        if (iso.startsWith("PT")) {
            return Duration.parse(iso).toDays() + " days";
        }
        java.time.Period p = java.time.Period.parse(iso);
        StringBuilder b = new StringBuilder();
        if (p.getYears() > 0) {
            b.append(p.getYears()).append(p.getYears() == 1 ? " year" : " years");
        }
        if (p.getMonths() > 0) {
            b.append(b.length() > 0 ? " " : "").append(p.getMonths()).append(p.getMonths() == 1 ? " month" : " months");
        }
        if (p.getDays() > 0) {
            b.append(b.length() > 0 ? " " : "").append(p.getDays()).append(p.getDays() == 1 ? " day" : " days");
        }
        return b.toString();
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
