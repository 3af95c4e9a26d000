package dev.consent.internal;

import org.jspecify.annotations.Nullable;

/**
 * How a rejected or named value is shown in an exception message. Depends on nothing of the library, so
 * that the exceptions ({@link dev.consent.InvalidInputException} among them) and {@link Checks}, which
 * throws them, both use it without depending on each other. Not API.
 */
public final class ValueText {
    /** Characters of a value shown before it is cut off. */
    private static final int SHOWN = 60;

    private ValueText() {}

    /** Shows a value in an error message: quoted, truncated, control characters escaped. */
    public static String describe(@Nullable Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder out = new StringBuilder(Math.min(s.length(), SHOWN) + 24).append('"');
        int n = Math.min(s.length(), SHOWN);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (s.length() > SHOWN) {
            out.append("... (").append(s.length()).append(" characters)");
        }
        return out.toString();
    }
}
