package dev.consent.requests;

import dev.consent.InvalidInputException;

/** Validation and wording of the periods of the stock {@link DeadlineRule}s. Not API. */
final class Periods {
    /** Longest period or extension in months: 100 years. */
    static final int MAX_MONTHS = 1200;
    /** Longest period or extension in (calendar or business) days: about 100 years of calendar days. */
    static final int MAX_DAYS = 36_525;

    private Periods() {}

    /** Checks a period: at least 1, at most {@code max}. */
    static int period(String field, int value, int max) {
        if (value < 1 || value > max) {
            throw new InvalidInputException(field, value, "must be from 1 to " + max);
        }
        return value;
    }

    /** Checks an extension: 0 (none) to {@code max}. */
    static int extension(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new InvalidInputException(field, value, "must be from 0 (no extension) to " + max);
        }
        return value;
    }

    /** "1 month", "2 months", "45 calendar days". */
    static String count(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** "1 month" or "1 month, extendable by 2 months". */
    static String withExtension(int period, int extension, String unit) {
        String base = count(period, unit);
        return extension == 0 ? base : base + ", extendable by " + count(extension, unit);
    }
}
