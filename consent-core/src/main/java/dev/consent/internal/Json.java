package dev.consent.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.consent.InvalidInputException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * The JSON mapper of the documents the library writes (access exports, receipts): instants and durations as
 * ISO-8601 text, unknown fields ignored on reading so that a newer document stays readable. Not API.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("consent-time")
                    .addSerializer(Instant.class, new TextSerializer<>())
                    .addSerializer(Duration.class, new TextSerializer<>())
                    .addSerializer(Period.class, new TextSerializer<>())
                    .addDeserializer(Instant.class, new TextDeserializer<>(Instant::parse))
                    .addDeserializer(Duration.class, new TextDeserializer<>(Duration::parse))
                    .addDeserializer(Period.class, new TextDeserializer<>(Period::parse)))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS, false);

    static {
        // a value of the wrong JSON type is an error, never converted: 1.5 or true is not a text, "17" not a number,
        // "" not an absent id
        for (com.fasterxml.jackson.databind.type.LogicalType type :
                com.fasterxml.jackson.databind.type.LogicalType.values()) {
            MAPPER.coercionConfigFor(type)
                    .setCoercion(
                            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
                            type == com.fasterxml.jackson.databind.type.LogicalType.Integer
                                            || type == com.fasterxml.jackson.databind.type.LogicalType.Float
                                    ? com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert
                                    : com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(
                            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                            type == com.fasterxml.jackson.databind.type.LogicalType.Float
                                    ? com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert
                                    : com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setCoercion(
                            com.fasterxml.jackson.databind.cfg.CoercionInputShape.EmptyString,
                            type == com.fasterxml.jackson.databind.type.LogicalType.Textual
                                    ? com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert
                                    : com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                    .setAcceptBlankAsEmpty(false)
                    .setCoercion(
                            com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean,
                            type == com.fasterxml.jackson.databind.type.LogicalType.Boolean
                                    ? com.fasterxml.jackson.databind.cfg.CoercionAction.TryConvert
                                    : com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        }
    }

    private Json() {}

    /** {@code value} as JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads {@code json} as a {@code type}.
     *
     * @throws InvalidInputException naming {@code field} if it is not such a document
     */
    public static <T> T read(String field, String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw notA(field, json, type, e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notA(field, json, type, e.getMessage(), e);
        }
    }

    /**
     * {@link #read(String, String, Class)}, after {@code upgrade} has filled in, on the parsed document, the
     * fields that documents written by earlier releases lack.
     *
     * @throws InvalidInputException naming {@code field} if it is not such a document
     */
    public static <T> T read(
            String field,
            String json,
            Class<T> type,
            java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> upgrade) {
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                upgrade.accept(o);
            }
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw notA(field, json, type, e.getOriginalMessage(), e);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notA(field, json, type, e.getMessage(), e);
        }
    }

    private static InvalidInputException notA(String field, String json, Class<?> type, String problem, Exception e) {
        InvalidInputException x =
                new InvalidInputException(field, json, "is not a " + type.getSimpleName() + " document: " + problem);
        x.initCause(e);
        return x;
    }

    /** The mapper, for tree-building writers. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static final class TextSerializer<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class TextDeserializer<T> extends JsonDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        TextDeserializer(java.util.function.Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            try {
                return parse.apply(text);
            } catch (DateTimeParseException e) {
                throw ctxt.weirdStringException(text, Object.class, e.getMessage());
            }
        }
    }
}
