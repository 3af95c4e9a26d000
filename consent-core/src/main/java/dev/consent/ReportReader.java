package dev.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Reads the JSON of {@link TransparencyReport#toJson()} back ({@link TransparencyReport#fromJson(String)}). */
final class ReportReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportReader() {}

    /** See {@link TransparencyReport#fromJson(String)}. */
    static TransparencyReport read(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "json", json.length() + " characters", "is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("json", json.length() + " characters", "is not a transparency report");
        }
        JsonNode versionNode = root.get("reportVersion");
        if (versionNode == null
                || !versionNode.isIntegralNumber()
                || versionNode.asLong() != TransparencyReport.VERSION) {
            throw new InvalidInputException(
                    "reportVersion", root.get("reportVersion"), "must be " + TransparencyReport.VERSION);
        }
        JsonNode list = JsonFields.required(root, "purposes", "purposes");
        if (!list.isArray()) {
            throw new InvalidInputException("purposes", list.getNodeType(), "must be an array");
        }
        List<TransparencyReport.Row> rows = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String at = "purposes[" + i + "].";
            String basis = JsonFields.text(n, "legalBasis", at + "legalBasis");
            LegalBasis legalBasis;
            try {
                legalBasis = LegalBasis.valueOf(basis);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(at + "legalBasis", basis, "is not a legal basis");
            }
            rows.add(new TransparencyReport.Row(
                    JsonFields.text(n, "purposeId", at + "purposeId"),
                    JsonFields.wholeInt(n, "purposeVersion", at + "purposeVersion"),
                    legalBasis,
                    JsonFields.wholeInt(n, "minValidVersion", at + "minValidVersion"),
                    count(n, at, "grants"),
                    count(n, at, "denials"),
                    count(n, at, "withdrawals"),
                    count(n, at, "objections"),
                    count(n, at, "objectionWithdrawals"),
                    count(n, at, "activeAtEnd"),
                    count(n, at, "expired"),
                    count(n, at, "reconsentPending"),
                    count(n, at, "askedAtEnd"),
                    byRecipient(n, at),
                    n.has("optOuts") ? count(n, at, "optOuts") : 0));
        }
        List<java.util.UUID> invalidations = new ArrayList<>();
        JsonNode ids = root.get("invalidations");
        if (ids != null) {
            for (int i = 0; i < ids.size(); i++) {
                try {
                    invalidations.add(java.util.UUID.fromString(ids.get(i).asText()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("invalidations[" + i + "]", ids.get(i), "is not a UUID");
                }
            }
        }
        return new TransparencyReport(
                JsonFields.instant(root, "from", "from"),
                JsonFields.instant(root, "to", "to"),
                count(root, "", "asOfPosition"),
                count(root, "", "erasures"),
                count(root, "", "deaths"),
                rows,
                invalidations);
    }

    /** The figures per recipient of a row; none when the field is absent (a report of an earlier release). */
    private static Map<String, Long> byRecipient(JsonNode row, String at) {
        JsonNode node = row.get("activeAtEndByRecipient");
        Map<String, Long> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidInputException(at + "activeAtEndByRecipient", node.getNodeType(), "must be an object");
        }
        node.fieldNames().forEachRemaining(name -> out.put(name, count(node, at + "activeAtEndByRecipient.", name)));
        return out;
    }

    private static long count(JsonNode node, String at, String name) {
        return JsonFields.wholeNumber(node, name, at + name);
    }
}
