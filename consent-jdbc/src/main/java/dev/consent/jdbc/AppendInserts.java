package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.EvidenceSeal;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * The writes of appends whose records are built and checked, inside a transaction that holds the ledger-head
 * lock: one multi-row statement per table for interactions, records and current state ({@link MultiRowInsert},
 * or on PostgreSQL {@link ArrayInsert}, whose text and plan do not depend on the row count), and a JDBC batch for
 * evidence (kept out of long statements, see {@link PostgresAppend}), then the head moves to the
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
    private final TreeSql tree;
    private final Statements statements;
    private final String record;
    private final String interaction;
    private final String currentState;
    private final EvidenceSql evidence;
    private final MultiRowInsert<Keyed> interactions;
    private final MultiRowInsert<ConsentRecord> records;
    private final MultiRowInsert<Keyed> states;
    /**
     * On PostgreSQL, the interactions, records and current state with one array parameter per column
     * ({@link ArrayInsert}); null elsewhere.
     */
    private final @Nullable ArrayInsert<Keyed> interactionArrays;

    private final @Nullable ArrayInsert<ConsentRecord> recordArrays;
    private final @Nullable ArrayInsert<Keyed> stateArrays;
    /** On PostgreSQL, the sealed evidence rows ({@link EvidenceSeal}: nothing readable travels); null elsewhere. */
    private final @Nullable ArrayInsert<SealedRow> evidenceArrays;

    AppendInserts(Dialect dialect, Statements statements, String prefix, EvidenceSql evidence, TreeSql tree) {
        this.tree = tree;
        this.dialect = dialect;
        this.statements = statements;
        this.record = prefix + "record";
        this.interaction = prefix + "interaction";
        this.currentState = prefix + "current_state";
        this.evidence = evidence;
        this.interactions = new MultiRowInsert<>(
                "INSERT INTO " + interaction + " (subject, interaction_id, first_position) VALUES", 3, "", Keyed::bind);
        this.records = new MultiRowInsert<>(
                "INSERT INTO " + record + " (" + Rows.RECORD_COLUMNS + ") VALUES", 20, "", (ps, index, r) -> {
                    ps.setLong(index, r.position());
                    return Rows.bindRecordAfterPosition(ps, index + 1, r);
                });
        this.states = new MultiRowInsert<>(
                dialect.currentStateUpsertHead(currentState), 3, dialect.currentStateUpsertTail(), Keyed::bind);
        if (dialect == Dialect.POSTGRESQL) {
            this.interactionArrays = new ArrayInsert<>(
                    interaction,
                    "subject, interaction_id, first_position",
                    List.of("text", "text", "int8"),
                    "",
                    Keyed::bind);
            this.recordArrays = new ArrayInsert<>(
                    record,
                    Rows.RECORD_COLUMNS,
                    List.of(
                            "int8", "text", "text", "int8", "text", "int4", "text", "int8", "int8", "text", "text",
                            "text", "text", "text", "text", "text", "text", "text", "text", "text"),
                    "",
                    (ps, index, r) -> {
                        ps.setLong(index, r.position());
                        return Rows.bindRecordAfterPosition(ps, index + 1, r);
                    });
            this.stateArrays = new ArrayInsert<>(
                    currentState,
                    "subject, slot, position",
                    List.of("text", "text", "int8"),
                    dialect.currentStateUpsertTail(),
                    Keyed::bind);
            this.evidenceArrays = new ArrayInsert<>(
                    evidence.table(),
                    "record_id, subject, sealed",
                    List.of("text", "text", "bytea"),
                    "",
                    SealedRow::bind);
        } else {
            this.interactionArrays = null;
            this.recordArrays = null;
            this.stateArrays = null;
            this.evidenceArrays = null;
        }
    }

    /**
     * Writes the appends at the positions after the growth's base, in the order given, grows the tree by their
     * records, writes its kept nodes and moves the head and the tree, on a transaction that holds the head locked.
     *
     * @param growth the tree's growth from the locked head ({@link LedgerSql#lockHead}), without these appends yet
     * @return each append's records with their positions, in the order given
     * @throws Failed if a statement failed, naming which; the transaction is to be rolled back
     */
    List<List<ConsentRecord>> insert(Handle h, List<SubjectAppend> appends, TreeSql.Growth growth) {
        long position = growth.frontier().size();
        // most appends carry no evidence
        List<SealedRow> sealedRows = new ArrayList<>();
        Map<String, javax.crypto.SecretKey> keys = evidenceKeys(h, appends);
        List<Keyed> interactionRows = new ArrayList<>(appends.size());
        List<ConsentRecord> recordRows = new ArrayList<>(appends.size());
        List<Keyed> stateRows = new ArrayList<>(appends.size());
        List<List<ConsentRecord>> results = new ArrayList<>(appends.size());
        for (SubjectAppend a : appends) {
            interactionRows.add(new Keyed(a.subject(), a.interactionId(), position + 1));
            Map<String, ConsentRecord> latest = new LinkedHashMap<>();
            List<ConsentRecord> out = new ArrayList<>(a.records().size());
            for (ConsentRecord r : a.records()) {
                ConsentRecord stored = r.withPosition(++position);
                growth.add(stored.hash());
                recordRows.add(stored);
                latest.put(Rows.slot(stored), stored);
                StoredEvidence e = a.evidence().get(stored.id());
                if (e != null) {
                    sealedRows.add(new SealedRow(
                            stored.id().toString(),
                            a.subject(),
                            EvidenceSeal.seal(e, keys.get(a.subject()), a.subject(), stored.id())));
                }
                out.add(stored);
            }
            for (Map.Entry<String, ConsentRecord> e : latest.entrySet()) {
                stateRows.add(new Keyed(a.subject(), e.getKey(), e.getValue().position()));
            }
            results.add(List.copyOf(out));
        }
        java.sql.Connection c = h.getConnection();
        int timeout = statements.timeoutSeconds();
        ArrayInsert<Keyed> interactionArrays = this.interactionArrays;
        ArrayInsert<ConsentRecord> recordArrays = this.recordArrays;
        ArrayInsert<Keyed> stateArrays = this.stateArrays;
        ArrayInsert<SealedRow> evidenceArrays = this.evidenceArrays;
        if (interactionArrays != null && recordArrays != null && stateArrays != null && evidenceArrays != null) {
            write(Step.INTERACTIONS, () -> interactionArrays.insert(c, timeout, interactionRows));
            write(Step.RECORDS, () -> recordArrays.insert(c, timeout, recordRows));
            write(Step.OTHER, () -> evidenceArrays.insert(c, timeout, sealedRows));
            write(Step.OTHER, () -> stateArrays.insert(c, timeout, stateRows));
        } else {
            write(Step.INTERACTIONS, () -> interactions.insert(c, timeout, interactionRows));
            write(Step.RECORDS, () -> records.insert(c, timeout, recordRows));
            if (!sealedRows.isEmpty()) {
                PreparedBatch batch = evidence.insertBatch(h);
                for (SealedRow row : sealedRows) {
                    batch.bind("record_id", row.recordId)
                            .bind("subject", row.subject)
                            .bind("sealed", row.sealed)
                            .add();
                }
                execute(Step.OTHER, batch::execute);
            }
            write(Step.OTHER, () -> states.insert(c, timeout, stateRows));
        }
        write(Step.OTHER, () -> tree.write(h, growth));
        return results;
    }

    /** The data keys of the subjects whose appends carry evidence, made where missing; none asked for most. */
    private Map<String, javax.crypto.SecretKey> evidenceKeys(Handle h, List<SubjectAppend> appends) {
        List<String> subjects = new ArrayList<>();
        for (SubjectAppend a : appends) {
            if (!a.evidence().isEmpty()) {
                subjects.add(a.subject());
            }
        }
        if (subjects.isEmpty()) {
            return Map.of();
        }
        Map<String, javax.crypto.SecretKey>[] keys = new Map[1];
        execute(Step.OTHER, () -> keys[0] = evidence.keys().obtain(h, subjects));
        return keys[0];
    }

    /** A row of the evidence table: the record's id, its subject and the sealed evidence. */
    private record SealedRow(String recordId, String subject, byte[] sealed) {
        static int bind(java.sql.PreparedStatement ps, int index, SealedRow row) throws java.sql.SQLException {
            ps.setString(index, row.recordId);
            ps.setString(index + 1, row.subject);
            ps.setBytes(index + 2, row.sealed);
            return index + 3;
        }
    }

    /** A row of the interaction or current-state table: the subject, a key within it and a position. */
    private record Keyed(String subject, String key, long position) {
        static int bind(java.sql.PreparedStatement ps, int index, Keyed row) throws java.sql.SQLException {
            ps.setString(index, row.subject);
            ps.setString(index + 1, row.key);
            ps.setLong(index + 2, row.position);
            return index + 3;
        }
    }

    /** A statement of {@link #insert}. */
    @FunctionalInterface
    private interface Write {
        void run() throws java.sql.SQLException;
    }

    private static void write(Step step, Write statement) {
        try {
            statement.run();
        } catch (java.sql.SQLException e) {
            throw new Failed(step, new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null));
        }
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
