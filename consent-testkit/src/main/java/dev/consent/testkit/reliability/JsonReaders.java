package dev.consent.testkit.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.AccessExport;
import dev.consent.Action;
import dev.consent.ActorType;
import dev.consent.Channel;
import dev.consent.ConsentStatus;
import dev.consent.DecisionReason;
import dev.consent.LegalBasis;
import dev.consent.Tombstone;
import dev.consent.TransparencyReport;
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
            new Reader<>("ChangeMessage.fromJson", ChangeMessage::fromJson, ChangeMessage::toJson, changeMessage()),
            new Reader<>("Tombstone.fromJson", Tombstone::fromJson, Tombstone::toJson, tombstones()),
            new Reader<>(
                    "TransparencyReport.fromJson", TransparencyReport::fromJson, TransparencyReport::toJson, report()),
            new Reader<>("AccessExport.fromJson", AccessExport::fromJson, AccessExport::toJson, export()));

    private JsonReaders() {}

    private static String tombstones() {
        return Tombstone.toJson(List.of(
                new Tombstone("user-42", Instant.parse("2026-11-23T13:14:00.123Z"), 17),
                new Tombstone("visitor-7", Instant.parse("2026-11-23T13:15:00Z"), 18)));
    }

    private static String report() {
        return new TransparencyReport(
                        Instant.parse("2026-11-01T00:00:00Z"),
                        Instant.parse("2026-12-01T00:00:00Z"),
                        120,
                        2,
                        1,
                        List.of(new TransparencyReport.Row(
                                "marketing.email", 2, LegalBasis.CONSENT, 2, 40, 10, 5, 0, 0, 30, 3, 4, 50, 2)))
                .toJson();
    }

    private static String export() {
        UUID record = UUID.fromString("8d0f6c1e-7f0a-4a6e-9a53-1c2b3d4e5f60");
        Instant at = Instant.parse("2026-11-23T13:14:00.123Z");
        return new AccessExport(
                        AccessExport.FORMAT_VERSION,
                        at,
                        "user-42",
                        false,
                        false,
                        null,
                        List.of(new AccessExport.PurposeEntry(
                                "marketing.email",
                                2,
                                LegalBasis.CONSENT,
                                ConsentStatus.GRANTED,
                                true,
                                DecisionReason.CONSENT_GRANTED,
                                record,
                                null)),
                        List.of(new AccessExport.RecordEntry(
                                record,
                                17,
                                1,
                                "marketing.email",
                                2,
                                Action.GRANTED,
                                at,
                                null,
                                "notice-3",
                                "signup_form_v3",
                                Channel.WEB,
                                ActorType.SUBJECT,
                                null,
                                null,
                                "EU",
                                "form-7",
                                "ab".repeat(32),
                                null,
                                "cd".repeat(32),
                                new AccessExport.EvidenceEntry("203.0.113.10", "Mozilla/5.0", Map.of("form", "v3")))),
                        List.of(),
                        List.of(new AccessExport.LinkEntry("visitor-7", "user-42", "consent:link:1", at, "ACCOUNT")))
                .toJson();
    }

    private static String changeMessage() {
        return new ChangeMessage(
                        17,
                        "user-42",
                        3,
                        "marketing.email",
                        2,
                        Action.WITHDRAWN,
                        ConsentStatus.GRANTED,
                        ConsentStatus.WITHDRAWN,
                        UUID.fromString("8d0f6c1e-7f0a-4a6e-9a53-1c2b3d4e5f60"),
                        Instant.parse("2026-11-23T13:14:00.123Z"),
                        "form-7",
                        List.of("Mailer Ltd"),
                        "3f2a")
                .toJson();
    }
}
