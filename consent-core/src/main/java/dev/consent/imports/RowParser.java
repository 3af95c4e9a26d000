package dev.consent.imports;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns a source row into the interaction that records it, or into the reason it cannot be recorded. The
 * interaction id is derived from the source name and the decision (user id, purpose name, granted, time), so the
 * same row always gets the same id. Thread-safe.
 */
final class RowParser {
    /** Evidence attribute holding the row's mechanism ({@code checkbox}, {@code banner}). */
    static final String MECHANISM = "mechanism";
    /** Evidence attribute holding the row's number in the source. */
    static final String SOURCE_ROW = "importRow";

    private final String source;
    private final String collectionPoint;
    private final ImportMapping mapping;
    private final ZoneId zone;

    RowParser(String source, ImportMapping mapping, ZoneId zone) {
        this.source = source;
        String point = "import:" + source;
        this.collectionPoint = point.length() > 255 ? point.substring(0, 255) : point;
        this.mapping = mapping;
        this.zone = zone;
    }

    /** A row's interaction, or its rejection. */
    record Parsed(
            @Nullable Interaction interaction, @Nullable RejectedRow rejected) {}

    Parsed parse(SourceRow row) {
        try {
            return new Parsed(interaction(row), null);
        } catch (Rejection r) {
            return new Parsed(null, r.row);
        }
    }

    private Interaction interaction(SourceRow row) {
        String user = required(row, ImportSource.USER_ID);
        String name = required(row, ImportSource.PURPOSE);
        ImportMapping.Target target = mapping.find(name)
                .orElseThrow(() -> reject(row, ImportSource.PURPOSE, name, "is not a purpose name the mapping knows"));
        String grantedText = required(row, ImportSource.GRANTED);
        boolean granted = bool(row, grantedText);
        String timeText = required(row, ImportSource.COLLECTED_AT);
        Instant at = time(row, timeText);
        String ip = optional(row, ImportSource.IP_ADDRESS);
        String agent = optional(row, ImportSource.USER_AGENT);
        String policy = optional(row, ImportSource.POLICY_VERSION);
        String mechanism = optional(row, ImportSource.MECHANISM);
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(SOURCE_ROW, Long.toString(row.number()));
        if (mechanism != null) {
            attributes.put(MECHANISM, mechanism);
        }
        String column = ImportSource.USER_ID;
        try {
            column = ImportSource.IP_ADDRESS;
            Evidence evidence = new Evidence(ip, agent, attributes);
            column = ImportSource.POLICY_VERSION;
            CollectionContext.Builder context = CollectionContext.builder(Channel.IMPORT)
                    .collectionPoint(collectionPoint)
                    .evidence(evidence);
            if (policy != null) {
                context.noticeVersion(policy);
            }
            CollectionContext built = context.build();
            column = ImportSource.USER_ID;
            return Interaction.builder(user)
                    .interactionId(interactionId(user, name, granted, at))
                    .context(built)
                    .occurredAt(at)
                    .decision(target.purposeId(), target.version(), granted ? Action.GRANTED : Action.DENIED)
                    .build();
        } catch (InvalidInputException e) {
            String field = e.field();
            String col = field.contains("userAgent")
                    ? ImportSource.USER_AGENT
                    : field.contains("attributes") ? ImportSource.MECHANISM : column;
            throw reject(row, col, row.value(col), e.getMessage());
        }
    }

    private String interactionId(String user, String purpose, boolean granted, Instant at) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {source, user, purpose, Boolean.toString(granted), at.toString()}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return "import-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean bool(SourceRow row, String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "yes", "y":
                return true;
            case "false", "f", "0", "no", "n":
                return false;
            default:
                throw reject(row, ImportSource.GRANTED, text, "is not a boolean: true or false (or 1/0, yes/no)");
        }
    }

    private Instant time(SourceRow row, String text) {
        String t = text.trim();
        try {
            return Instant.parse(t).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(t.replace(' ', 'T'))
                            .atZone(zone)
                            .toInstant()
                            .truncatedTo(ChronoUnit.MILLIS);
                } catch (DateTimeParseException notLocal) {
                    throw reject(
                            row,
                            ImportSource.COLLECTED_AT,
                            text,
                            "is not a time: an ISO-8601 instant (2021-03-04T10:15:30Z), offset date-time or local"
                                    + " date-time (in " + zone + ")");
                }
            }
        }
    }

    private static String required(SourceRow row, String column) {
        String v = row.value(column);
        if (v == null) {
            throw reject(row, column, null, "is missing");
        }
        if (v.isBlank()) {
            throw reject(row, column, v, "is empty");
        }
        return v;
    }

    private static @Nullable String optional(SourceRow row, String column) {
        String v = row.value(column);
        return v == null || v.isBlank() ? null : v;
    }

    private static Rejection reject(SourceRow row, String column, @Nullable String value, String reason) {
        return new Rejection(new RejectedRow(row.number(), column, value, reason));
    }

    /** A row's rejection, thrown within the parser. */
    private static final class Rejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RejectedRow row;

        Rejection(RejectedRow row) {
            super(row.reason(), null, false, false);
            this.row = row;
        }
    }
}
