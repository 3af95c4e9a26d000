package dev.consent.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Action;
import dev.consent.ConsentStatus;
import dev.consent.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One ledger change as a relay delivers it. Immutable. Its JSON form ({@link #toJson()}), version
 * {@value #VERSION}:
 *
 * <pre>{@code
 * {
 *   "messageVersion": 1,
 *   "key": "8d0f6c1e-...",              // the record id: deduplicate on it
 *   "position": 17,                     // global ledger position
 *   "subject": "user-42",
 *   "subjectSequence": 3,               // position in the subject's chain: per-subject order
 *   "purpose": "marketing.email",       // null for a lifecycle action
 *   "purposeVersion": 2,                // 0 for a lifecycle action
 *   "action": "WITHDRAWN",              // dev.consent.Action
 *   "oldStatus": "GRANTED",             // dev.consent.ConsentStatus as recorded before; null for lifecycle
 *   "newStatus": "WITHDRAWN",           // as recorded by this change; null for lifecycle
 *   "recordId": "8d0f6c1e-...",
 *   "recordedAt": "2026-11-23T13:14:00.123Z",
 *   "interactionId": "...",
 *   "recipients": ["Mailer Ltd"],       // entitled to hear of it: see below
 *   "registryFingerprint": "3f2a..."    // PurposeRegistry.fingerprint() when the relay built the message
 * }
 * }</pre>
 *
 * <p>The statuses are those the records state ({@code GRANTED}, {@code DENIED}, {@code WITHDRAWN},
 * {@code OBJECTED}, {@code OBJECTION_WITHDRAWN}, or {@code NONE} before the first record); expiry and
 * re-consent are decided at check time and are not changes of the ledger.
 *
 * <p>The recipients are those entitled to hear of the change by the rule of recipient-scoped checks
 * ({@code docs/recipients.md}): for a consent purpose, those of the version of the grant the change ends or
 * keeps (the latest record before it, if a grant) and of the version it grants (if it is a grant), never a
 * recipient only a version the person did not agree to names; for another legal basis, those of the record's
 * version; for a lifecycle action, every recipient named by an earlier message about the subject and those of
 * every current purpose whose basis is not consent. A later version adds fields and
 * raises {@code messageVersion} only when it changes or removes one; readers ignore fields they do not know.
 *
 * @param position the global ledger position
 * @param subject the subject
 * @param subjectSequence the record's position in the subject's chain
 * @param purpose the purpose, or {@code null} for a lifecycle action
 * @param purposeVersion the purpose version, or 0 for a lifecycle action
 * @param action what happened
 * @param oldStatus the status recorded for the purpose before, or {@code null} for a lifecycle action
 * @param newStatus the status this change records, or {@code null} for a lifecycle action
 * @param recordId the record's id, also the deduplication key
 * @param recordedAt when the change happened
 * @param interactionId the interaction the record belongs to
 * @param recipients the recipients entitled to hear of this change (see above); unmodifiable
 * @param registryFingerprint the purpose registry's fingerprint
 */
public record ChangeMessage(
        long position,
        String subject,
        long subjectSequence,
        @Nullable String purpose,
        int purposeVersion,
        Action action,
        @Nullable ConsentStatus oldStatus,
        @Nullable ConsentStatus newStatus,
        UUID recordId,
        Instant recordedAt,
        String interactionId,
        List<String> recipients,
        String registryFingerprint) {
    /** The version of the JSON shape this class writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks for nulls and copies the recipients. */
    public ChangeMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(interactionId, "interactionId");
        Objects.requireNonNull(registryFingerprint, "registryFingerprint");
        recipients = List.copyOf(recipients);
    }

    /** The deduplication key: the record id as text, stable across redeliveries. */
    public String key() {
        return recordId.toString();
    }

    /** This message in the JSON shape documented above, UTF-8 when sent. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("messageVersion", VERSION);
        n.put("key", key());
        n.put("position", position);
        n.put("subject", subject);
        n.put("subjectSequence", subjectSequence);
        n.put("purpose", purpose);
        n.put("purposeVersion", purposeVersion);
        n.put("action", action.name());
        n.put("oldStatus", oldStatus == null ? null : oldStatus.name());
        n.put("newStatus", newStatus == null ? null : newStatus.name());
        n.put("recordId", recordId.toString());
        n.put("recordedAt", recordedAt.toString());
        n.put("interactionId", interactionId);
        ArrayNode r = n.putArray("recipients");
        recipients.forEach(r::add);
        n.put("registryFingerprint", registryFingerprint);
        return n.toString();
    }

    /**
     * Reads the JSON shape back; fields it does not know are ignored. Every field must have the type written
     * above: a number where a number is written (an integer that fits), text where text is written, and
     * {@code null} only where the shape allows it; {@code key}, when present, must equal {@code recordId}.
     * Nothing is coerced, so a message reads back exactly as it was written or not at all.
     *
     * @throws InvalidInputException if the text is not such a message, or of a newer version
     */
    public static ChangeMessage fromJson(String json) {
        Objects.requireNonNull(json, "json");
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new InvalidInputException("json", abbreviate(json), "is not a JSON object");
            }
            JsonNode v = n.get("messageVersion");
            int version = v != null && v.canConvertToInt() && v.isIntegralNumber() ? v.intValue() : 0;
            if (version != VERSION) {
                throw new InvalidInputException(
                        "messageVersion", v == null ? null : abbreviate(v.toString()), "must be " + VERSION);
            }
            List<String> recipients = new ArrayList<>();
            JsonNode r = n.get("recipients");
            if (r == null || !r.isArray()) {
                throw invalid("recipients", r, "must be an array of text");
            }
            for (JsonNode each : r) {
                if (!each.isTextual()) {
                    throw invalid("recipients", r, "must be an array of text");
                }
                recipients.add(each.asText());
            }
            UUID recordId = UUID.fromString(text(n, "recordId"));
            JsonNode key = n.get("key");
            if (key != null && !(key.isTextual() && key.asText().equals(recordId.toString()))) {
                throw invalid("key", key, "must equal recordId " + recordId);
            }
            return new ChangeMessage(
                    integer(n, "position"),
                    text(n, "subject"),
                    integer(n, "subjectSequence"),
                    optionalText(n, "purpose"),
                    smallInteger(n, "purposeVersion"),
                    Action.valueOf(text(n, "action")),
                    status(n, "oldStatus"),
                    status(n, "newStatus"),
                    recordId,
                    Instant.parse(text(n, "recordedAt")),
                    text(n, "interactionId"),
                    recipients,
                    text(n, "registryFingerprint"));
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("json", abbreviate(json), "is not a change message: " + e.getMessage());
        }
    }

    private static InvalidInputException invalid(String field, @Nullable JsonNode value, String problem) {
        return new InvalidInputException(field, value == null ? null : abbreviate(value.toString()), problem);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid(field, v, "must be text");
        }
        return v.asText();
    }

    private static @Nullable String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : text(n, field);
    }

    private static long integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(field, v, "must be an integer");
        }
        return v.longValue();
    }

    private static int smallInteger(JsonNode n, String field) {
        long v = integer(n, field);
        if (v != (int) v) {
            throw invalid(field, n.get(field), "must be an integer of 32 bits");
        }
        return (int) v;
    }

    private static @Nullable ConsentStatus status(JsonNode n, String field) {
        String v = optionalText(n, field);
        return v == null ? null : ConsentStatus.valueOf(v);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
