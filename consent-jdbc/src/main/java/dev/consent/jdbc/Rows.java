package dev.consent.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.ActorType;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Hash;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.StoredEvidence;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

/** Maps records, evidence and purposes to and from rows. */
final class Rows {
    static final String RECORD_COLUMNS = "position, record_id, subject, subject_seq, purpose_id, purpose_version,"
            + " action, recorded_at, expires_at, notice_version, collection_point, channel, actor_type, actor_id,"
            + " actor_authority, jurisdiction, interaction_id, evidence_digest, previous_hash, record_hash";

    /** Maps a row of {@link #RECORD_COLUMNS} to its record. */
    static final RowMapper<ConsentRecord> RECORD = (rs, ctx) -> record(rs);
    /** Maps a row of the purpose table to its purpose version. */
    static final RowMapper<Purpose> PURPOSE = (rs, ctx) -> purpose(rs);
    /** Maps a row of the evidence table to its record id and evidence. */
    static final RowMapper<Map.Entry<UUID, StoredEvidence>> EVIDENCE =
            (rs, ctx) -> Map.entry(UUID.fromString(rs.getString("record_id").strip()), evidence(rs));

    /**
     * Reads and writes the evidence attributes and the recipients. Field names are neither interned nor
     * canonicalized, and buffers are not recycled: Jackson otherwise keeps field names in caches for the life of
     * the process and leaves the text of earlier documents in reused buffers, and attribute names and values are
     * evidence, which erasure must leave nowhere in the process either (found by the canary test's heap dump).
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build());

    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};
    private static final TypeReference<List<String>> RECIPIENTS = new TypeReference<>() {};

    private Rows() {}

    /** The slot of a record in the current-state table: its purpose, or {@code #} and its lifecycle action. */
    static String slot(ConsentRecord r) {
        return r.purposeId() != null ? r.purposeId() : lifecycleSlot(r.action());
    }

    /** The slot of a lifecycle action's latest record. */
    static String lifecycleSlot(dev.consent.Action action) {
        return "#" + action.name();
    }

    /**
     * Binds a record's columns after {@code position} (the rest of {@link #RECORD_COLUMNS}, in its order) from
     * parameter {@code index} on.
     *
     * @return the index after them
     */
    static int bindRecordAfterPosition(java.sql.PreparedStatement ps, int index, ConsentRecord r) throws SQLException {
        int p = index;
        ps.setString(p++, r.id().toString());
        ps.setString(p++, r.subject());
        ps.setLong(p++, r.subjectSequence());
        ps.setString(p++, r.purposeId());
        ps.setInt(p++, r.purposeVersion());
        ps.setString(p++, r.action().name());
        ps.setLong(p++, r.recordedAt().toEpochMilli());
        if (r.expiresAt() == null) {
            ps.setNull(p++, java.sql.Types.BIGINT);
        } else {
            ps.setLong(p++, r.expiresAt().toEpochMilli());
        }
        ps.setString(p++, r.noticeVersion());
        ps.setString(p++, r.collectionPoint());
        ps.setString(p++, r.channel().name());
        ps.setString(p++, r.actor().type().name());
        ps.setString(p++, r.actor().id());
        ps.setString(p++, r.actor().authority());
        ps.setString(p++, r.jurisdiction());
        ps.setString(p++, r.interactionId());
        ps.setString(p++, hex(r.evidenceDigest()));
        ps.setString(p++, hex(r.previousHash()));
        ps.setString(p++, r.hash().toHex());
        return p;
    }

    private static ConsentRecord record(ResultSet rs) throws SQLException {
        long expires = rs.getLong("expires_at");
        Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new ConsentRecord(
                rs.getLong("position"),
                UUID.fromString(rs.getString("record_id").strip()),
                rs.getString("subject"),
                rs.getLong("subject_seq"),
                rs.getString("purpose_id"),
                rs.getInt("purpose_version"),
                Action.valueOf(rs.getString("action")),
                Instant.ofEpochMilli(rs.getLong("recorded_at")),
                expiresAt,
                rs.getString("notice_version"),
                rs.getString("collection_point"),
                Channel.valueOf(rs.getString("channel")),
                new Actor(
                        ActorType.valueOf(rs.getString("actor_type")),
                        rs.getString("actor_id"),
                        rs.getString("actor_authority")),
                rs.getString("jurisdiction"),
                rs.getString("interaction_id"),
                hash(rs.getString("evidence_digest")),
                hash(rs.getString("previous_hash")),
                Hash.fromHex(rs.getString("record_hash").strip()));
    }

    private static StoredEvidence evidence(ResultSet rs) throws SQLException {
        String attributes = rs.getString("attributes");
        Map<String, String> map = attributes == null ? Map.of() : read(attributes, ATTRIBUTES);
        return new StoredEvidence(
                new Evidence(rs.getString("ip_address"), rs.getString("user_agent"), map), rs.getBytes("salt"));
    }

    static @Nullable String attributesJson(Evidence e) {
        return e.attributes().isEmpty() ? null : objectJson(e.attributes());
    }

    /**
     * A map of strings as a JSON object, written without a JSON generator: the evidence of every imported or
     * recorded decision passes here, and a generator that does not recycle its buffers (see {@link #JSON})
     * allocates kilobytes per call. Read back by {@link #evidence}'s mapper like any JSON object.
     */
    static String objectJson(Map<String, String> values) {
        StringBuilder b = new StringBuilder(16 + values.size() * 32).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            quote(b, e.getKey());
            b.append(':');
            quote(b, e.getValue());
        }
        return b.append('}').toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** The details of a request event as a JSON object, written by the same mapper as the evidence. */
    static String detailsJson(Map<String, String> details) {
        return write(details);
    }

    /** The details of a request event read back from {@link #detailsJson}. */
    static Map<String, String> details(String json) {
        return read(json, ATTRIBUTES);
    }

    static <S extends SqlStatement<S>> S bindPurpose(S s, Purpose p) {
        return s.bind("purpose_id", p.id())
                .bind("version", p.version())
                .bind("title", p.title())
                .bind("description", p.description())
                .bind("legal_basis", p.legalBasis().name())
                .bind("group_id", p.group().orElse(null))
                .bind("max_age_ms", p.maxAge().map(Duration::toMillis).orElse(null))
                .bind("max_age_period", p.maxAgePeriod().map(Object::toString).orElse(null))
                .bind("min_valid_version", p.minValidVersion())
                .bind("recipients", write(p.recipients()))
                .bind("retired", p.retired())
                .bind("category", p.category().orElse(null))
                .bind("pii_categories", p.piiCategories().isEmpty() ? null : write(p.piiCategories()))
                .bind("sensitive_categories", p.sensitiveCategories().isEmpty() ? null : write(p.sensitiveCategories()))
                .bind("sale_or_sharing", p.saleOrSharing().isEmpty() ? null : saleOrSharing(p))
                .bind(
                        "opt_out_jurisdictions",
                        p.optOutJurisdictions().isEmpty() ? null : write(p.optOutJurisdictions()))
                .bind("defined_at", p.definedAt().map(Instant::toEpochMilli).orElse(null));
    }

    /** The purpose's kinds of sale or sharing as stored: enum names joined by commas (schema V5). */
    private static String saleOrSharing(Purpose p) {
        return String.join(",", p.saleOrSharing().stream().map(Enum::name).toList());
    }

    private static Purpose purpose(ResultSet rs) throws SQLException {
        Purpose.Builder b = Purpose.builder(rs.getString("purpose_id"))
                .version(rs.getInt("version"))
                .title(rs.getString("title"))
                .description(rs.getString("description"))
                .legalBasis(LegalBasis.valueOf(rs.getString("legal_basis")))
                .minValidVersion(rs.getInt("min_valid_version"))
                .recipients(read(rs.getString("recipients"), RECIPIENTS))
                .retired(rs.getBoolean("retired"));
        String group = rs.getString("group_id");
        if (group != null) {
            b.group(group);
        }
        String category = rs.getString("category");
        if (category != null) {
            b.category(category);
        }
        String pii = rs.getString("pii_categories");
        if (pii != null) {
            b.piiCategories(read(pii, RECIPIENTS));
        }
        String sensitive = rs.getString("sensitive_categories");
        if (sensitive != null) {
            b.sensitiveCategories(read(sensitive, RECIPIENTS));
        }
        String saleOrSharing = rs.getString("sale_or_sharing");
        if (saleOrSharing != null) {
            b.saleOrSharing(java.util.Arrays.stream(saleOrSharing.split(","))
                    .map(dev.consent.SaleOrSharing::valueOf)
                    .toArray(dev.consent.SaleOrSharing[]::new));
        }
        String optOut = rs.getString("opt_out_jurisdictions");
        if (optOut != null) {
            b.optOutJurisdictions(read(optOut, RECIPIENTS));
        }
        long maxAge = rs.getLong("max_age_ms");
        if (!rs.wasNull()) {
            b.maxAge(Duration.ofMillis(maxAge));
        }
        String period = rs.getString("max_age_period");
        if (period != null) {
            b.maxAge(java.time.Period.parse(period.strip()));
        }
        Purpose p = b.build();
        long definedAt = rs.getLong("defined_at");
        return rs.wasNull() ? p : p.withDefinedAt(Instant.ofEpochMilli(definedAt));
    }

    private static @Nullable String hex(@Nullable Hash h) {
        return h == null ? null : h.toHex();
    }

    private static @Nullable Hash hash(@Nullable String hex) {
        return hex == null ? null : Hash.fromHex(hex.strip());
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreUnavailableException("a stored JSON value is not readable", e);
        }
    }
}
