package dev.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Strict reading of the fields of the library's JSON documents: a field that is missing or of the wrong
 * type is an {@link InvalidInputException} naming it, never a default of 0 or a NullPointerException.
 */
final class JsonFields {
    private JsonFields() {}

    /** The field {@code name} of {@code node}, which must be there; {@code path} names it in errors. */
    static JsonNode required(JsonNode node, String name, String path) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new InvalidInputException(path, null, "is missing");
        }
        return v;
    }

    /** A whole number that fits a long. */
    static long wholeNumber(JsonNode node, String name, String path) {
        JsonNode v = required(node, name, path);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidInputException(path, v.getNodeType(), "must be a whole number");
        }
        return v.asLong();
    }

    /** A whole number that fits an int. */
    static int wholeInt(JsonNode node, String name, String path) {
        JsonNode v = required(node, name, path);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidInputException(path, v.getNodeType(), "must be a whole number");
        }
        return v.asInt();
    }

    /** A string; the error shows the type of a wrong value, never the value (it may be a subject id). */
    static String text(JsonNode node, String name, String path) {
        JsonNode v = required(node, name, path);
        if (!v.isTextual()) {
            throw new InvalidInputException(path, v.getNodeType(), "must be text");
        }
        return v.asText();
    }

    /** An ISO-8601 instant. */
    static Instant instant(JsonNode node, String name, String path) {
        String v = text(node, name, path);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(path, v, "is not an ISO-8601 instant");
        }
    }
}
