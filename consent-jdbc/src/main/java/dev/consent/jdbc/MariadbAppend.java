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
 * The writes of built appends on MariaDB in one statement, so in one round trip: an anonymous compound
 * statement ({@code BEGIN NOT ATOMIC ... END}) that opens a transaction, moves the ledger head by the number of
 * records (which locks its row until the commit, so commit order is position order), inserts the interactions,
 * records and current-state rows at positions counted from the head's old value, commits and answers that old
 * value. A handler rolls the transaction back and raises the failure again, with its own SQL state and message,
 * so a unique key that fails (an interaction recorded already, a subject's sequence taken) reaches the caller
 * as it would from a single insert, and nothing of the statement is written. The text depends only on how many
 * interactions, records and current-state rows it writes.
 *
 * <p>Anonymous compound statements are MariaDB's (10.1 and later), and they do not go through the server-side
 * prepared-statement protocol; on MySQL, or on a connection that prepares statements on the server
 * ({@code useServerPrepStmts}), the store writes with one statement per table instead ({@link #usable}).
 * Appends that carry evidence are written by the per-table statements too, for the reason
 * {@link PostgresAppend} gives.
 */
final class MariadbAppend {
    private static final String KEYED_ROW = "(?, ?, @consent_append_base + ?)";
    private static final String RECORD_ROW =
            "(@consent_append_base + ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** MariaDB's errors for a statement the server cannot prepare, or cannot parse (MySQL). */
    private static final int ER_UNSUPPORTED_PS = 1295;

    private static final int ER_PARSE_ERROR = 1064;

    /** The message of the statement's refusal when the head is not where the append was built. */
    private static final String MOVED = "consent: the ledger head moved";

    private final String prefix;
    private final int timeoutSeconds;
    private final ConcurrentHashMap<List<Integer>, String> texts = new ConcurrentHashMap<>();
    /** Null until the first connection told which server this is; false once the statement was refused. */
    private volatile Boolean usable;

    MariadbAppend(String prefix, int timeoutSeconds) {
        this.prefix = prefix;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Whether the one-statement write works on this server and connection, as far as is known. */
    boolean usable(Connection c) throws SQLException {
        Boolean known = usable;
        if (known == null) {
            known = c.getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("mariadb");
            usable = known;
        }
        return known;
    }

    /** Whether the failure of {@link #insert} says this server or connection does not take the statement. */
    boolean refused(SQLException e) {
        if (e.getErrorCode() == ER_UNSUPPORTED_PS || e.getErrorCode() == ER_PARSE_ERROR) {
            usable = false;
            return true;
        }
        return false;
    }

    private String text(int interactions, int records, int states, int nodes) {
        return texts.computeIfAbsent(
                List.of(interactions, records, states, nodes),
                k -> "BEGIN NOT ATOMIC"
                        + " DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END;"
                        + " START TRANSACTION;"
                        + " UPDATE " + prefix + "ledger_head SET position = LAST_INSERT_ID(position + " + records
                        + "), tree_size = ?"
                        + " WHERE id = 1 AND position = ? AND tree_size = ?;"
                        + " IF ROW_COUNT() <> 1 THEN"
                        + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '" + MOVED + "'; END IF;"
                        + (nodes == 0
                                ? ""
                                : " INSERT INTO " + prefix + "merkle_node (level, node_index, hash) VALUES "
                                        + OffsetRows.rows("(?, ?, ?)", nodes) + ";")
                        + " SET @consent_append_base = LAST_INSERT_ID() - " + records + ";"
                        + " INSERT INTO " + prefix + "interaction (subject, interaction_id, first_position) VALUES "
                        + OffsetRows.rows(KEYED_ROW, interactions) + ";"
                        + " INSERT INTO " + prefix + "record (" + Rows.RECORD_COLUMNS + ") VALUES "
                        + OffsetRows.rows(RECORD_ROW, records) + ";"
                        + " INSERT INTO " + prefix + "current_state (subject, slot, position) VALUES "
                        + OffsetRows.rows(KEYED_ROW, states) + " ON DUPLICATE KEY UPDATE position = VALUES(position);"
                        + " COMMIT;"
                        + " SELECT @consent_append_base;"
                        + " END");
    }

    /**
     * Writes the appends after the head's position, in the order given, with the kept nodes of the tree they grow,
     * moves the head and the tree and commits, if the head is still where {@code growth} started.
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
        List<dev.consent.merkle.NodeHash> nodes = growth.nodes();
        String text = text(rows.interactions(), rows.records(), rows.states(), nodes.size());
        try (PreparedStatement ps = c.prepareStatement(text)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setLong(1, growth.frontier().size());
            ps.setLong(2, growth.base());
            ps.setLong(3, growth.keptSize());
            int index = 4;
            for (dev.consent.merkle.NodeHash n : nodes) {
                ps.setInt(index++, n.node().level());
                ps.setLong(index++, n.node().index());
                ps.setBytes(index++, n.hash().toBytes());
            }
            rows.bind(ps, index);
            long base = -1;
            boolean result;
            try {
                result = ps.execute();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains(MOVED)) {
                    return null;
                }
                throw e;
            }
            while (true) {
                if (result) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (rs.next()) {
                            base = rs.getLong(1);
                        }
                    }
                } else if (ps.getUpdateCount() == -1) {
                    break;
                }
                result = ps.getMoreResults();
            }
            if (base < 0) {
                throw new SQLException("the database did not answer the ledger head's position");
            }
            return rows.positioned(base);
        }
    }
}
