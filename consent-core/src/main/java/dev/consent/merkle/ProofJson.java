package dev.consent.merkle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and writing the JSON forms of this package: hashes as lowercase hex, as Rekor's API writes them. A
 * mapper of its own, so that this package depends on no implementation class.
 */
final class ProofJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProofJson() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode hashes(List<Hash> hashes) {
        ArrayNode a = MAPPER.createArrayNode();
        hashes.forEach(h -> a.add(h.toHex()));
        return a;
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a JSON tree", e);
        }
    }

    static ObjectNode parse(String field, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            InvalidInputException x = new InvalidInputException(field, json, "is not JSON: " + e.getOriginalMessage());
            x.initCause(e);
            throw x;
        }
        if (!(node instanceof ObjectNode o)) {
            throw new InvalidInputException(field, json, "must be a JSON object");
        }
        return o;
    }

    static long number(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidInputException(name, n, "must be a whole number");
        }
        return n.longValue();
    }

    static String text(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isTextual()) {
            throw new InvalidInputException(name, n, "must be a text");
        }
        return n.textValue();
    }

    static Hash hash(ObjectNode o, String name) {
        return Hash.fromHex(text(o, name));
    }

    static List<Hash> hashList(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || !n.isArray()) {
            throw new InvalidInputException(name, n, "must be an array of hex hashes");
        }
        List<Hash> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new InvalidInputException(name, e, "must hold hex hashes");
            }
            out.add(Hash.fromHex(e.textValue()));
        }
        return out;
    }
}
