package dev.consent.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Action;
import dev.consent.ConsentStatus;
import dev.consent.relay.ChangeMessage;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Every JSON reader of the public API, with a valid document and the writer of the same shape: the hostile
 * input suite feeds each reader damaged copies of its document. Adding a reader is one line in {@link #ALL}.
 */
final class JsonReaders {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One reader: its name, the reader, the writer of the shape it reads, and a valid document. */
    record Reader<T>(String name, Function<String, T> read, Function<T, String> write, String sample) {
        /**
         * Whether {@code result}, read from {@code input}, is correct: every field the writer writes holds the
         * value the input held there (same JSON type, same text), or the input lacked the field.
         */
        boolean faithful(String input, Object result) {
            try {
                @SuppressWarnings("unchecked")
                JsonNode out = JSON.readTree(write.apply((T) result));
                JsonNode in = JSON.readTree(input);
                for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonNode given = in.get(field.getKey());
                    if (given != null && !same(given, field.getValue())) {
                        return false;
                    }
                }
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }

        private static boolean same(JsonNode a, JsonNode b) {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue()) == 0;
            }
            return a.getNodeType() == b.getNodeType() && a.equals(b);
        }
    }

    /** Every JSON reader on main: one line each. */
    static final List<Reader<?>> ALL = List.of(
            new Reader<>("ChangeMessage.fromJson", ChangeMessage::fromJson, ChangeMessage::toJson, changeMessage()));

    private JsonReaders() {
    }

    private static String changeMessage() {
        return new ChangeMessage(17, "user-42", 3, "marketing.email", 2, Action.WITHDRAWN, ConsentStatus.GRANTED,
                ConsentStatus.WITHDRAWN, UUID.fromString("8d0f6c1e-7f0a-4a6e-9a53-1c2b3d4e5f60"),
                Instant.parse("2026-11-23T13:14:00.123Z"), "form-7", List.of("Mailer Ltd"), "3f2a").toJson();
    }
}
