package dev.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A subject that was erased: derived from its {@link Action#SUBJECT_ERASED} record. The list of tombstones
 * ({@link ConsentLedger#tombstones()}) is what a restore from a backup needs to erase again those erased
 * after the backup was taken ({@link ConsentLedger#reapplyErasures}). Keep the exported list as safe as the
 * database: it names subjects, and subject ids may be personal data themselves. Messages of the exceptions
 * thrown while reading a list never show a subject id. Immutable.
 *
 * <p>The JSON form of a list ({@link #toJson(Collection)}), version {@value #VERSION}:
 * <pre>{@code
 * {"tombstoneVersion": 1,
 *  "tombstones": [{"subject": "user-42", "erasedAt": "2026-11-23T12:52:25.464Z", "position": 17}]}
 * }</pre>
 *
 * @param subject the erased subject
 * @param erasedAt when the erasure was recorded
 * @param position the ledger position of the erasure record in the ledger it was read from
 */
public record Tombstone(String subject, Instant erasedAt, long position) {
    /** The version of the JSON shape {@link #toJson(Collection)} writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the components. */
    public Tombstone {
        Checks.subject(subject);
        Objects.requireNonNull(erasedAt, "erasedAt");
        if (position < 1) {
            throw new InvalidInputException("position", position, "must be 1 or more");
        }
    }

    /** The tombstone of an erasure record. */
    public static Tombstone of(ConsentRecord erasure) {
        Objects.requireNonNull(erasure, "erasure");
        if (erasure.action() != Action.SUBJECT_ERASED) {
            throw new InvalidInputException("erasure.action", erasure.action(), "must be SUBJECT_ERASED");
        }
        return new Tombstone(erasure.subject(), erasure.recordedAt(), erasure.position());
    }

    /** The tombstones in the JSON shape documented above. */
    public static String toJson(Collection<Tombstone> tombstones) {
        Objects.requireNonNull(tombstones, "tombstones");
        ObjectNode root = JSON.createObjectNode();
        root.put("tombstoneVersion", VERSION);
        ArrayNode list = root.putArray("tombstones");
        for (Tombstone t : tombstones) {
            ObjectNode n = list.addObject();
            n.put("subject", t.subject());
            n.put("erasedAt", t.erasedAt().toString());
            n.put("position", t.position());
        }
        return root.toString();
    }

    /**
     * Reads a list written by {@link #toJson(Collection)}; fields it does not know are ignored.
     *
     * @throws InvalidInputException if the text is not such a list, is of a newer version, or holds an
     *     invalid tombstone (the field names its index)
     */
    public static List<Tombstone> fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "json", json.length() + " characters", "is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("json", json.length() + " characters", "is not a tombstone list");
        }
        JsonNode versionNode = root.get("tombstoneVersion");
        if (versionNode == null || !versionNode.isIntegralNumber() || versionNode.asLong() != VERSION) {
            throw new InvalidInputException("tombstoneVersion", root.get("tombstoneVersion"), "must be " + VERSION);
        }
        JsonNode list = root.get("tombstones");
        if (list == null || !list.isArray()) {
            throw new InvalidInputException("tombstones", list, "must be an array");
        }
        List<Tombstone> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String field = "tombstones[" + i + "]";
            try {
                out.add(new Tombstone(
                        JsonFields.text(n, "subject", field + ".subject"),
                        JsonFields.instant(n, "erasedAt", field + ".erasedAt"),
                        JsonFields.wholeNumber(n, "position", field + ".position")));
            } catch (InvalidInputException e) {
                // the subject id may be personal data: name the entry, never show it
                throw e.field().startsWith("tombstones")
                        ? e
                        : new InvalidInputException(field + "." + e.field(), "entry " + i, "is invalid");
            }
        }
        return List.copyOf(out);
    }
}
