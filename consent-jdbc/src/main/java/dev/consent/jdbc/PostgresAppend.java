package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of built appends on PostgreSQL in one statement, so in one round trip: the ledger head moves by
 * the number of records (which locks its row until the transaction ends, so commit order is position order),
 * and the interactions, records and current-state rows are inserted by data-modifying {@code WITH}
 * clauses over arrays ({@code unnest}), one array per column, at positions counted from the head's old value.
 * Run in auto-commit mode, the statement is the whole transaction. A unique key that fails (an interaction
 * recorded already, a subject's sequence taken) fails the statement, and nothing of it is written.
 *
 * <p>Appends that carry evidence are not written this way ({@link #accepts}): the driver keeps the bytes of the
 * last message it sent in its send buffer until a longer one overwrites them, and this statement's message is
 * long, so an IP address or user agent would outlive its erasure in the process's memory (the canary suite's
 * heap search found it). Those appends go through the store's per-table statements.
 */
final class PostgresAppend {
    private static final String[] KEYED = {"text", "text", "bigint"};
    private final String sql;
    private final String interactionKey;
    private final int timeoutSeconds;

    /** @param timeoutSeconds the query timeout, as for the store's other statements */
    PostgresAppend(String prefix, int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
        String head = prefix + "ledger_head";
        String common = "WITH h AS (UPDATE " + head + " SET position = position + ? WHERE id = 1"
                + " RETURNING position - ? AS base),"
                + " i AS (INSERT INTO " + prefix + "interaction (subject, interaction_id, first_position)"
                + " SELECT t.s, t.i, h.base + t.o FROM h, unnest(?::text[], ?::text[], ?::bigint[]) AS t(s, i, o)),"
                + " r AS (INSERT INTO " + prefix + "record (" + Rows.RECORD_COLUMNS + ")"
                + " SELECT h.base + t.o, t.record_id, t.subject, t.subject_seq, t.purpose_id, t.purpose_version,"
                + " t.action, t.recorded_at, t.expires_at, t.notice_version, t.collection_point, t.channel,"
                + " t.actor_type, t.actor_id, t.actor_authority, t.jurisdiction, t.interaction_id, t.evidence_digest,"
                + " t.previous_hash, t.record_hash FROM h, unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[],"
                + " ?::text[], ?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS t(o, record_id, subject, subject_seq, purpose_id, purpose_version, action, recorded_at,"
                + " expires_at, notice_version, collection_point, channel, actor_type, actor_id, actor_authority,"
                + " jurisdiction, interaction_id, evidence_digest, previous_hash, record_hash)),"
                + " c AS (INSERT INTO " + prefix + "current_state (subject, slot, position)"
                + " SELECT t.s, t.l, h.base + t.o FROM h, unnest(?::text[], ?::text[], ?::bigint[]) AS t(s, l, o)"
                + " ON CONFLICT (subject, slot) DO UPDATE SET position = EXCLUDED.position)";
        this.sql = common + " SELECT base FROM h";
        this.interactionKey = (prefix + "interaction").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Writes the appends after the head's position, in the order given, and moves the head; commits when the
     * connection is in auto-commit mode.
     *
     * @return each append's records with their positions, in the order given
     * @throws SQLException if the statement failed; nothing of it was written
     */
    List<List<ConsentRecord>> insert(Connection c, List<SubjectAppend> appends) throws SQLException {
        int records = 0;
        int states = 0;
        for (SubjectAppend a : appends) {
            if (!a.evidence().isEmpty()) {
                throw new IllegalArgumentException("an append with evidence is written by the per-table statements");
            }
            records += a.records().size();
        }
        String[] recordTypes = {
            "bigint", "text", "text", "bigint", "text", "int4", "text", "bigint", "bigint", "text", "text", "text",
            "text", "text", "text", "text", "text", "text", "text", "text"
        };
        Object[][] r = columns(recordTypes, records);
        Object[][] i = columns(KEYED, appends.size());
        List<Object[]> s = new ArrayList<>(records);
        int k = 0;
        for (int n = 0; n < appends.size(); n++) {
            SubjectAppend a = appends.get(n);
            i[0][n] = a.subject();
            i[1][n] = a.interactionId();
            i[2][n] = (long) k + 1;
            Map<String, Integer> latest = new LinkedHashMap<>();
            for (ConsentRecord rec : a.records()) {
                k++;
                r[0][k - 1] = (long) k;
                r[1][k - 1] = rec.id().toString();
                r[2][k - 1] = rec.subject();
                r[3][k - 1] = rec.subjectSequence();
                r[4][k - 1] = rec.purposeId();
                r[5][k - 1] = rec.purposeVersion();
                r[6][k - 1] = rec.action().name();
                r[7][k - 1] = rec.recordedAt().toEpochMilli();
                r[8][k - 1] = rec.expiresAt() == null ? null : rec.expiresAt().toEpochMilli();
                r[9][k - 1] = rec.noticeVersion();
                r[10][k - 1] = rec.collectionPoint();
                r[11][k - 1] = rec.channel().name();
                r[12][k - 1] = rec.actor().type().name();
                r[13][k - 1] = rec.actor().id();
                r[14][k - 1] = rec.actor().authority();
                r[15][k - 1] = rec.jurisdiction();
                r[16][k - 1] = rec.interactionId();
                r[17][k - 1] = Rows.hex(rec.evidenceDigest());
                r[18][k - 1] = Rows.hex(rec.previousHash());
                r[19][k - 1] = rec.hash().toHex();
                latest.put(Rows.slot(rec), k);
            }
            for (Map.Entry<String, Integer> l : latest.entrySet()) {
                s.add(new Object[] {a.subject(), l.getKey(), (long) l.getValue()});
                states++;
            }
        }
        Object[][] st = columns(KEYED, states);
        for (int n = 0; n < states; n++) {
            for (int col = 0; col < 3; col++) {
                st[col][n] = s.get(n)[col];
            }
        }
        List<Array> arrays = new ArrayList<>(35);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(timeoutSeconds);
            int p = 1;
            ps.setLong(p++, records);
            ps.setLong(p++, records);
            p = bind(c, ps, p, arrays, KEYED, i);
            p = bind(c, ps, p, arrays, recordTypes, r);
            bind(c, ps, p, arrays, KEYED, st);
            long base;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                base = rs.getLong(1);
            }
            List<List<ConsentRecord>> out = new ArrayList<>(appends.size());
            long position = base;
            for (SubjectAppend a : appends) {
                List<ConsentRecord> stored = new ArrayList<>(a.records().size());
                for (ConsentRecord rec : a.records()) {
                    stored.add(rec.withPosition(++position));
                }
                out.add(List.copyOf(stored));
            }
            return out;
        } finally {
            for (Array a : arrays) {
                try {
                    a.free();
                } catch (SQLException | RuntimeException ignored) {
                    // the driver's arrays hold no resources of the server
                }
            }
        }
    }

    /** Whether {@link #insert} writes these appends: none of them carries evidence. */
    static boolean accepts(List<SubjectAppend> appends) {
        for (SubjectAppend a : appends) {
            if (!a.evidence().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a failure of {@link #insert} was the interaction's unique key: the interaction is recorded. */
    boolean isDuplicateInteraction(SQLException e) {
        String message = e.getMessage();
        return SqlErrors.isConstraintViolation(e)
                && message != null
                && message.toLowerCase(java.util.Locale.ROOT).contains(interactionKey);
    }

    /** Empty columns of the element classes the driver encodes for {@code types}. */
    private static Object[][] columns(String[] types, int rows) {
        Object[][] out = new Object[types.length][];
        for (int col = 0; col < types.length; col++) {
            out[col] = switch (types[col]) {
                case "bigint" -> new Long[rows];
                case "int4" -> new Integer[rows];
                default -> new String[rows];
            };
        }
        return out;
    }

    private static int bind(
            Connection c, PreparedStatement ps, int p, List<Array> arrays, String[] types, Object[][] columns)
            throws SQLException {
        for (int col = 0; col < types.length; col++) {
            Array a = c.createArrayOf(types[col], columns[col]);
            arrays.add(a);
            ps.setArray(p++, a);
        }
        return p;
    }
}
