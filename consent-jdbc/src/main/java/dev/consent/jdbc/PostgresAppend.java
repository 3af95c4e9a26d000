package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes of built appends on PostgreSQL in one statement, so in one round trip: the ledger head moves by
 * the number of records (which locks its row until the transaction ends, so commit order is position order),
 * and the interactions, records and current-state rows are inserted by data-modifying {@code WITH}
 * clauses over {@code VALUES} lists, at positions counted from the head's old value. The statement's text
 * depends only on how many interactions, records and current-state rows it writes, so the driver prepares each
 * shape once per connection.
 * Run in auto-commit mode, the statement is the whole transaction. A unique key that fails (an interaction
 * recorded already, a subject's sequence taken) fails the statement, and nothing of it is written.
 *
 * <p>Appends that carry evidence are not written this way ({@link OffsetRows#accepts}): the driver keeps the bytes of the
 * last message it sent in its send buffer until a longer one overwrites them, and this statement's message is
 * long, so an IP address or user agent would outlive its erasure in the process's memory (the canary suite's
 * heap search found it). Those appends go through the store's per-table statements.
 */
final class PostgresAppend {
    private static final String RECORD_ROW =
            "(?::bigint, ?, ?, ?::bigint, ?, ?::int, ?, ?::bigint, ?::bigint, ?, ?, ?," + " ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String KEYED_ROW = "(?, ?, ?::bigint)";

    private final String prefix;
    private final String interactionKey;
    private final int timeoutSeconds;
    /** The statement's text by its shape: interactions, records and current-state rows. */
    private final ConcurrentHashMap<List<Integer>, String> texts = new ConcurrentHashMap<>();

    /** @param timeoutSeconds the query timeout, as for the store's other statements */
    PostgresAppend(String prefix, int timeoutSeconds) {
        this.prefix = prefix;
        this.timeoutSeconds = timeoutSeconds;
        this.interactionKey = (prefix + "interaction").toLowerCase(java.util.Locale.ROOT);
    }

    private String text(int interactions, int records, int states) {
        return texts.computeIfAbsent(
                List.of(interactions, records, states),
                k -> "WITH h AS (UPDATE " + prefix
                        + "ledger_head SET position = position + ? WHERE id = 1 RETURNING position - ? AS base),"
                        + " i AS (INSERT INTO " + prefix + "interaction (subject, interaction_id, first_position)"
                        + " SELECT t.s, t.i, h.base + t.o FROM h, (VALUES " + OffsetRows.rows(KEYED_ROW, interactions)
                        + ") AS t(s, i, o)),"
                        + " r AS (INSERT INTO " + prefix + "record (" + Rows.RECORD_COLUMNS + ")"
                        + " SELECT h.base + t.o, t.record_id, t.subject, t.subject_seq, t.purpose_id, t.purpose_version,"
                        + " t.action, t.recorded_at, t.expires_at, t.notice_version, t.collection_point, t.channel,"
                        + " t.actor_type, t.actor_id, t.actor_authority, t.jurisdiction, t.interaction_id, t.evidence_digest,"
                        + " t.previous_hash, t.record_hash FROM h, (VALUES " + OffsetRows.rows(RECORD_ROW, records)
                        + ")"
                        + " AS t(o, record_id, subject, subject_seq, purpose_id, purpose_version, action, recorded_at,"
                        + " expires_at, notice_version, collection_point, channel, actor_type, actor_id, actor_authority,"
                        + " jurisdiction, interaction_id, evidence_digest, previous_hash, record_hash)),"
                        + " c AS (INSERT INTO " + prefix + "current_state (subject, slot, position)"
                        + " SELECT t.s, t.l, h.base + t.o FROM h, (VALUES " + OffsetRows.rows(KEYED_ROW, states)
                        + ") AS t(s, l, o)"
                        + " ON CONFLICT (subject, slot) DO UPDATE SET position = EXCLUDED.position)"
                        + " SELECT base FROM h");
    }

    /**
     * Writes the appends after the head's position, in the order given, and moves the head; commits when the
     * connection is in auto-commit mode.
     *
     * @return each append's records with their positions, in the order given
     * @throws SQLException if the statement failed; nothing of it was written
     */
    List<List<ConsentRecord>> insert(Connection c, List<SubjectAppend> appends) throws SQLException {
        OffsetRows rows = new OffsetRows(appends);
        try (PreparedStatement ps = c.prepareStatement(text(rows.interactions(), rows.records(), rows.states()))) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setLong(1, rows.records());
            ps.setLong(2, rows.records());
            rows.bind(ps, 3);
            long base;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                base = rs.getLong(1);
            }
            return rows.positioned(base);
        }
    }

    /** Whether a failure of {@link #insert} was the interaction's unique key: the interaction is recorded. */
    boolean isDuplicateInteraction(SQLException e) {
        String message = e.getMessage();
        return SqlErrors.isConstraintViolation(e)
                && message != null
                && message.toLowerCase(java.util.Locale.ROOT).contains(interactionKey);
    }
}
