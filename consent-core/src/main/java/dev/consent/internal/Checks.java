package dev.consent.internal;

import dev.consent.InvalidInputException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Argument validation shared by the value types and services. Not API. */
public final class Checks {
    /** Longest accepted subject id, interaction id, and short text such as a collection point. */
    public static final int MAX_ID_LENGTH = dev.consent.Limits.MAX_ID_LENGTH;
    /** Longest accepted purpose id. */
    public static final int MAX_PURPOSE_ID_LENGTH = dev.consent.Limits.MAX_PURPOSE_ID_LENGTH;

    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

    private Checks() {}

    /**
     * Validates an identifier or short text: not null, not blank, at most {@code max} characters, no
     * control characters and no unpaired surrogates.
     */
    public static String text(String field, @Nullable String value, int max) {
        if (isText(value, max)) {
            return value;
        }
        if (value == null) {
            throw new InvalidInputException(field, null, "must not be null");
        }
        if (value.isBlank()) {
            throw new InvalidInputException(field, value, "must not be blank");
        }
        if (value.length() > max) {
            throw new InvalidInputException(
                    field, value, "must be at most " + max + " characters, has " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidInputException(
                        field, value, "must not contain control characters (at index " + i + ")");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidInputException(
                        field, value, "must not contain an unpaired surrogate (at index " + i + ")");
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidInputException(
                        field, value, "must not contain an unpaired surrogate (at index " + i + ")");
            }
        }
        return value;
    }

    /**
     * Whether {@link #text} would accept {@code value}, without building anything: for loops over many
     * values, which name the failing one (by its index) only when there is one.
     */
    public static boolean isText(@Nullable String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            return false;
        }
        boolean blank = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    blank = false;
                    continue;
                }
                return false;
            }
            blank &= Character.isWhitespace(c);
        }
        return !blank;
    }

    /** As {@link #text}, but {@code null} is allowed and returned as is. */
    public static @Nullable String optionalText(String field, @Nullable String value, int max) {
        return value == null ? null : text(field, value, max);
    }

    /** Validates a subject id. */
    public static String subject(@Nullable String subject) {
        return text("subject", subject, MAX_ID_LENGTH);
    }

    /** Validates a purpose id: a lowercase slug such as {@code marketing.email}. */
    public static String purposeId(String field, @Nullable String id) {
        if (id == null) {
            throw new InvalidInputException(field, null, "must not be null");
        }
        if (id.length() > MAX_PURPOSE_ID_LENGTH) {
            throw new InvalidInputException(
                    field, id, "must be at most " + MAX_PURPOSE_ID_LENGTH + " characters, has " + id.length());
        }
        if (!SLUG.matcher(id).matches()) {
            throw new InvalidInputException(
                    field,
                    id,
                    "must be a lowercase slug: letters a-z, digits, and single '.', '_' or '-' between them");
        }
        return id;
    }
}
