package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The writes of built appends on PostgreSQL in one statement, so in one round trip: the ledger head moves by
 * the number of records (which locks its row until the transaction ends, so commit order is position order),
 * with the Merkle tree's size, if it is still at the position the append was built on
 * ({@link TreeSql}); the tree's kept nodes, interactions, records and current-state rows are inserted by
 * data-modifying {@code WITH} clauses over arrays and {@code VALUES} lists, at positions counted from the head's
 * old value, and only if the head moved. The statement's text
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
                        + "ledger_head SET position = ?, tree_size = ?"
                        + " WHERE id = 1 AND position = ? AND tree_size = ? RETURNING ?::int8 AS base),"
                        + " m AS (INSERT INTO " + prefix + "merkle_node (level, node_index, hash)"
                        + " SELECT t.l, t.x, t.v FROM h, unnest(?::int4[], ?::int8[], ?::bytea[]) AS t(l, x, v)),"
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
     * Writes the appends after the head's position, in the order given, with the kept nodes of the tree they grow,
     * and moves the head and the tree, if the head is still where {@code growth} started; commits when the
     * connection is in auto-commit mode.
     *
     * @param growth the tree grown by exactly these appends' records, from the frontier the append builds on
     * @return each append's records with their positions, in the order given; null if the head was elsewhere,
     *     and then nothing was written
     * @throws SQLException if the statement failed; nothing of it was written
     */
    @Nullable
    List<List<ConsentRecord>> insert(Connection c, List<SubjectAppend> appends, TreeSql.Growth growth)
            throws SQLException {
        OffsetRows rows = new OffsetRows(appends);
        try (PreparedStatement ps = c.prepareStatement(text(rows.interactions(), rows.records(), rows.states()))) {
            ps.setQueryTimeout(timeoutSeconds);
            long size = growth.frontier().size();
            ps.setLong(1, size);
            ps.setLong(2, size);
            ps.setLong(3, growth.base());
            ps.setLong(4, growth.keptSize());
            ps.setLong(5, growth.base());
            Object[] nodes = TreeSql.arrays(growth.nodes());
            ps.setArray(6, c.createArrayOf("int4", (Object[]) nodes[0]));
            ps.setArray(7, c.createArrayOf("int8", (Object[]) nodes[1]));
            ps.setArray(8, c.createArrayOf("bytea", (Object[]) nodes[2]));
            rows.bind(ps, 9);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return rows.positioned(rs.getLong(1));
            }
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
