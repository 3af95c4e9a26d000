package dev.consent.benchmarks;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.spi.RecordHasher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/**
 * A large ledger written with batched SQL as the JDBC store would write it (records, interactions, current state,
 * ledger head), far faster than appends: {@value #PER_SUBJECT} records per subject, five interactions of two
 * records each, the subjects' rounds interleaved in position order. Hashes are real (SHA-256 chained per subject,
 * as a system without an integrity key computes them); record ids are {@link #recordId(long)} of their position,
 * so a benchmark can name any record without keeping them. The store's schema must exist under the prefix.
 */
final class BulkLedger {
    /** Records per subject. */
    static final int PER_SUBJECT = 10;

    private static final int SLOTS = 5;
    private static final int BATCH = 1_000;
    private static final int COMMIT_EVERY = 50_000;
    private static final long T0 = Instant.parse("2024-05-14T14:14:00.123Z").toEpochMilli();
    private static final RecordHasher HASHER = new RecordHasher(null);

    private BulkLedger() {}

    /** The id of the record at {@code position} (from 1). */
    static UUID recordId(long position) {
        return new UUID(0x6d65726b6c65L, position);
    }

    private static String subject(int i) {
        return "subject-" + i;
    }

    /**
     * Writes {@code records} records (rounded down to whole subjects) under {@code prefix} and moves the head to the
     * last; returns the records written. {@code url} gets its own connection; on PostgreSQL add
     * {@code reWriteBatchedInserts=true} for speed.
     */
    static long write(String url, String prefix, long records) throws SQLException {
        int subjects = (int) (records / PER_SUBJECT);
        if (subjects < 1) {
            throw new IllegalArgumentException("records must be at least " + PER_SUBJECT + ": " + records);
        }
        String[] last = new String[subjects];
        long[][] latest = new long[subjects][SLOTS];
        long position = 0;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement rec = c.prepareStatement("INSERT INTO " + prefix + "record (position, record_id,"
                            + " subject, subject_seq, purpose_id, purpose_version, action, recorded_at, expires_at,"
                            + " notice_version, collection_point, channel, actor_type, actor_id, actor_authority,"
                            + " jurisdiction, interaction_id, evidence_digest, previous_hash, record_hash)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement inter = c.prepareStatement("INSERT INTO " + prefix
                            + "interaction (subject, interaction_id, first_position) VALUES (?, ?, ?)")) {
                int pending = 0;
                for (int round = 0; round < PER_SUBJECT / 2; round++) {
                    for (int i = 0; i < subjects; i++) {
                        String interaction = "form-" + round;
                        for (int k = 0; k < 2; k++) {
                            int seq = 2 * round + k + 1;
                            int slot = (2 * round + k) % SLOTS;
                            Action action = k == 0 || round % 2 == 0 ? Action.GRANTED : Action.WITHDRAWN;
                            ConsentRecord r =
                                    record(++position, subject(i), seq, "p." + slot, action, interaction, last[i]);
                            last[i] = r.hash().toHex();
                            latest[i][slot] = position;
                            bind(rec, r);
                            rec.addBatch();
                            if (k == 0) {
                                inter.setString(1, r.subject());
                                inter.setString(2, interaction);
                                inter.setLong(3, position);
                                inter.addBatch();
                            }
                        }
                        pending += 2;
                        if (pending % BATCH == 0) {
                            rec.executeBatch();
                            inter.executeBatch();
                        }
                        if (pending >= COMMIT_EVERY) {
                            c.commit();
                            pending = 0;
                        }
                    }
                }
                rec.executeBatch();
                inter.executeBatch();
                c.commit();
            }
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO " + prefix + "current_state (subject, slot, position) VALUES (?, ?, ?)")) {
                for (int i = 0; i < subjects; i++) {
                    for (int slot = 0; slot < SLOTS; slot++) {
                        st.setString(1, subject(i));
                        st.setString(2, "p." + slot);
                        st.setLong(3, latest[i][slot]);
                        st.addBatch();
                    }
                    if ((i + 1) % (BATCH / SLOTS) == 0) {
                        st.executeBatch();
                    }
                    if ((i + 1) % (COMMIT_EVERY / SLOTS) == 0) {
                        c.commit();
                    }
                }
                st.executeBatch();
            }
            try (PreparedStatement head =
                    c.prepareStatement("UPDATE " + prefix + "ledger_head SET position = ? WHERE id = 1")) {
                head.setLong(1, position);
                head.executeUpdate();
            }
            c.commit();
        }
        return position;
    }

    private static ConsentRecord record(
            long position, String subject, int seq, String purpose, Action action, String interaction, String prev) {
        ConsentRecord r = new ConsentRecord(
                position,
                recordId(position),
                subject,
                seq,
                purpose,
                1,
                action,
                Instant.ofEpochMilli(T0 + position),
                null,
                null,
                null,
                Channel.WEB,
                Actor.subject(),
                null,
                interaction,
                null,
                prev == null ? null : Hash.fromHex(prev),
                Hash.of(new byte[Hash.LENGTH]));
        return new ConsentRecord(
                r.position(),
                r.id(),
                r.subject(),
                r.subjectSequence(),
                r.purposeId(),
                r.purposeVersion(),
                r.action(),
                r.recordedAt(),
                r.expiresAt(),
                r.noticeVersion(),
                r.collectionPoint(),
                r.channel(),
                r.actor(),
                r.jurisdiction(),
                r.interactionId(),
                r.evidenceDigest(),
                r.previousHash(),
                HASHER.hash(r));
    }

    private static void bind(PreparedStatement ps, ConsentRecord r) throws SQLException {
        ps.setLong(1, r.position());
        ps.setString(2, r.id().toString());
        ps.setString(3, r.subject());
        ps.setLong(4, r.subjectSequence());
        ps.setString(5, r.purposeId());
        ps.setInt(6, r.purposeVersion());
        ps.setString(7, r.action().name());
        ps.setLong(8, r.recordedAt().toEpochMilli());
        ps.setNull(9, Types.BIGINT);
        ps.setNull(10, Types.VARCHAR);
        ps.setNull(11, Types.VARCHAR);
        ps.setString(12, r.channel().name());
        ps.setString(13, r.actor().type().name());
        ps.setString(14, r.actor().id());
        ps.setString(15, r.actor().authority());
        ps.setNull(16, Types.VARCHAR);
        ps.setString(17, r.interactionId());
        ps.setNull(18, Types.CHAR);
        ps.setString(19, r.previousHash() == null ? null : r.previousHash().toHex());
        ps.setString(20, r.hash().toHex());
    }
}
