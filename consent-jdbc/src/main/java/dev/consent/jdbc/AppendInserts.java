package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The writes of appends whose records are built and checked, inside a transaction that holds the ledger-head
 * lock: one JDBC batch per table (interactions, records, evidence, current state), then the head moves to the
 * last position. Shared by the store's own group-committed appends ({@link BatchAppendSql}) and appends in a
 * caller's transaction ({@link LedgerSql#append}), which read what they must check in their own ways and give
 * a failed insert their own meaning ({@link Failed}).
 */
final class AppendInserts {
    /** The statement of an append's writes that failed. */
    enum Step {
        /** The interactions: a unique key there means the interaction is recorded already. */
        INTERACTIONS,
        /** The records: a unique key there means a subject's sequence or a position is taken. */
        RECORDS,
        /** The evidence, the current state or the head. */
        OTHER
    }

    private final Dialect dialect;
    private final String moveHead;
    private final Statements statements;
    private final String head;
    private final String record;
    private final String interaction;
    private final String currentState;
    private final String evidence;

    AppendInserts(Dialect dialect, Statements statements, String prefix) {
        this.dialect = dialect;
        this.statements = statements;
        this.head = prefix + "ledger_head";
        this.record = prefix + "record";
        this.interaction = prefix + "interaction";
        this.currentState = prefix + "current_state";
        this.evidence = prefix + "evidence";
        this.moveHead = "UPDATE " + head + " SET position = LAST_INSERT_ID(position + ?) WHERE id = 1";
    }

    /**
     * On MariaDB, moves the head by {@code records} in one statement that also locks its row and answers its
     * new value (through {@code LAST_INSERT_ID(expr)}, which the server returns with the update's result).
     *
     * @return the head's position before the move
     */
    long moveHeadBy(java.sql.Connection c, int records) throws java.sql.SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement(moveHead, java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            ps.setLong(1, records);
            if (ps.executeUpdate() != 1) {
                throw new java.sql.SQLException("the ledger head row is missing");
            }
            try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new java.sql.SQLException("the database did not answer the ledger head's new position");
                }
                return keys.getLong(1) - records;
            }
        }
    }

    /**
     * Writes the appends at the positions after {@code position}, in the order given, and moves the head.
     *
     * @return each append's records with their positions, in the order given
     * @throws Failed if a statement failed, naming which; the transaction is to be rolled back
     */
    List<List<ConsentRecord>> insert(Handle h, List<SubjectAppend> appends, long position) {
        return insert(h, appends, position, true);
    }

    /**
     * Writes the appends at the positions after {@code position}, in the order given; moves the head to the last
     * of them if {@code moveHead}, or leaves it where the caller moved it already.
     *
     * @return each append's records with their positions, in the order given
     * @throws Failed if a statement failed, naming which; the transaction is to be rolled back
     */
    List<List<ConsentRecord>> insert(Handle h, List<SubjectAppend> appends, long position, boolean moveHead) {
        PreparedBatch records = statements.batch(
                h, "INSERT INTO " + record + " (" + Rows.RECORD_COLUMNS + ") VALUES (" + Rows.RECORD_VALUES + ")");
        PreparedBatch interactions = statements.batch(
                h,
                "INSERT INTO " + interaction
                        + " (subject, interaction_id, first_position) VALUES (:subject, :interaction, :position)");
        PreparedBatch evidenceRows = statements.batch(
                h,
                "INSERT INTO " + evidence
                        + " (record_id, subject, ip_address, user_agent, attributes, salt)"
                        + " VALUES (:record_id, :subject, :ip, :ua, :attributes, :salt)");
        PreparedBatch states = statements.batch(h, dialect.upsertCurrentState(currentState));
        boolean anyEvidence = false;
        List<List<ConsentRecord>> results = new ArrayList<>(appends.size());
        for (SubjectAppend a : appends) {
            interactions
                    .bind("subject", a.subject())
                    .bind("interaction", a.interactionId())
                    .bind("position", position + 1)
                    .add();
            Map<String, ConsentRecord> latest = new LinkedHashMap<>();
            List<ConsentRecord> out = new ArrayList<>(a.records().size());
            for (ConsentRecord r : a.records()) {
                ConsentRecord stored = r.withPosition(++position);
                Rows.bindRecord(records, stored).add();
                latest.put(Rows.slot(stored), stored);
                StoredEvidence e = a.evidence().get(stored.id());
                if (e != null) {
                    evidenceRows
                            .bind("record_id", stored.id().toString())
                            .bind("subject", a.subject())
                            .bind("ip", e.evidence().ipAddress())
                            .bind("ua", e.evidence().userAgent())
                            .bind("attributes", Rows.attributesJson(e.evidence()))
                            .bind("salt", e.salt())
                            .add();
                    anyEvidence = true;
                }
                out.add(stored);
            }
            for (Map.Entry<String, ConsentRecord> e : latest.entrySet()) {
                states.bind("subject", a.subject())
                        .bind("slot", e.getKey())
                        .bind("position", e.getValue().position())
                        .add();
            }
            results.add(List.copyOf(out));
        }
        long last = position;
        execute(Step.INTERACTIONS, interactions::execute);
        execute(Step.RECORDS, records::execute);
        if (anyEvidence) {
            execute(Step.OTHER, evidenceRows::execute);
        }
        execute(Step.OTHER, states::execute);
        if (!moveHead) {
            return results;
        }
        execute(
                Step.OTHER,
                () -> statements
                        .update(h, "UPDATE " + head + " SET position = :position WHERE id = 1")
                        .bind("position", last)
                        .execute());
        return results;
    }

    private static void execute(Step step, Runnable statement) {
        try {
            statement.run();
        } catch (RuntimeException e) {
            throw new Failed(step, e);
        }
    }

    /** A failed write of {@link #insert}, with the step that failed; the database's exception is the cause. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Step step;

        Failed(Step step, RuntimeException cause) {
            super(cause);
            this.step = step;
        }

        Step step() {
            return step;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }
}
