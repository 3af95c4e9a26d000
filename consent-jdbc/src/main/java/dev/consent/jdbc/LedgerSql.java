package dev.consent.jdbc;

import dev.consent.Action;
import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.InvalidInputException;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/**
 * The store's SQL over one handle: the caller decides the transaction (the store's own, or an
 * application's). Every append first locks the single ledger-head row, so appends are serialised per
 * database and positions are assigned, and committed, in order: a feed reader never finds a record below a
 * position it has already read.
 */
final class LedgerSql {
    /** Subjects per query of a bulk current-state read. */
    static final int CHUNK = 1_000;

    private final Dialect dialect;
    private final Statements statements;
    private final String head;
    private final String record;
    private final String interaction;
    private final String currentState;
    private final AppendInserts inserts;
    private final TreeSql tree;

    LedgerSql(Dialect dialect, Statements statements, String prefix, EvidenceSql evidenceSql) {
        this.dialect = dialect;
        this.statements = statements;
        this.head = prefix + "ledger_head";
        this.record = prefix + "record";
        this.interaction = prefix + "interaction";
        this.currentState = prefix + "current_state";
        this.tree = new TreeSql(dialect, statements, prefix);
        this.inserts = new AppendInserts(dialect, statements, prefix, evidenceSql, tree);
    }

    /** The ledger-head table's name. */
    String headTable() {
        return head;
    }

    /** The ledger's Merkle tree. */
    TreeSql tree() {
        return tree;
    }

    /** The writes of built appends, shared with the store's group commit. */
    AppendInserts inserts() {
        return inserts;
    }

    /** The store's statements, bounded by its query timeout, for the other tables' SQL. */
    Statements statements() {
        return statements;
    }

    private Query query(Handle h, String sql) {
        return statements.query(h, sql);
    }

    private Update update(Handle h, String sql) {
        return statements.update(h, sql);
    }

    /**
     * Appends inside the handle's open transaction; see {@code ConsentStore.append}. A serialization failure
     * or deadlock (possible when the caller's transaction runs at REPEATABLE READ or SERIALIZABLE) is a
     * {@link ConcurrentUpdateException}: the transaction is to be rolled back and run again.
     */
    List<ConsentRecord> append(Handle h, List<SubjectAppend> appends) {
        try {
            return appendUnchecked(h, appends);
        } catch (ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            if (SqlErrors.isRetryable(e)) {
                throw SqlErrors.conflict(appends, e);
            }
            throw e;
        }
    }

    private List<ConsentRecord> appendUnchecked(Handle h, List<SubjectAppend> appends) {
        Set<String> seen = new HashSet<>();
        for (SubjectAppend a : appends) {
            if (!seen.add(a.subject())) {
                throw new InvalidInputException("appends", a.subject(), "holds the same subject twice");
            }
        }
        TreeSql.Growth position = lockHead(h);
        if (appends.size() == 1) {
            SubjectAppend a = appends.get(0);
            boolean recorded = query(
                                    h,
                                    "SELECT COUNT(*) FROM " + interaction
                                            + " WHERE subject = :subject AND interaction_id = :interaction")
                            .bind("subject", a.subject())
                            .bind("interaction", a.interactionId())
                            .mapTo(Long.class)
                            .one()
                    > 0;
            if (recorded) {
                throw new DuplicateInteractionException(a.subject(), a.interactionId());
            }
            long sequence = query(
                            h, "SELECT COALESCE(MAX(subject_seq), 0) FROM " + record + " WHERE subject = :subject")
                    .bind("subject", a.subject())
                    .mapTo(Long.class)
                    .one();
            if (sequence != a.expectedSequence()) {
                throw new ConcurrentUpdateException(a.subject(), a.expectedSequence());
            }
        } else {
            checkAll(h, appends);
        }
        List<List<ConsentRecord>> written;
        try {
            written = inserts.insert(h, appends, position);
        } catch (AppendInserts.Failed f) {
            RuntimeException e = f.getCause();
            if (f.step() == AppendInserts.Step.INTERACTIONS && SqlErrors.isConstraintViolation(e)) {
                // the checks above read a snapshot older than a concurrent commit (a caller's REPEATABLE READ)
                throw SqlErrors.duplicate(appends);
            }
            if (f.step() == AppendInserts.Step.RECORDS && SqlErrors.isConstraintViolation(e)) {
                // the subject's sequence or a position was taken by a commit the checks above could not see (H2
                // can answer the head lock with the row as it was before the lock was granted): a conflict to retry
                throw SqlErrors.conflict(appends, e);
            }
            throw e;
        }
        List<ConsentRecord> out = new ArrayList<>();
        written.forEach(out::addAll);
        return out;
    }

    /**
     * Locks the ledger-head row until the transaction ends, waiting at most the query timeout, and returns the
     * Merkle tree's growth from the head: its base is the head position. H2 bounds a lock wait by its own lock
     * timeout (2 seconds by default), not by the query timeout, so there the wait is stated in the statement.
     */
    TreeSql.Growth lockHead(Handle h) {
        Object[] row = lockHeadRow(h);
        return tree.locked(h, (Long) row[0], (Long) row[1]);
    }

    /** Locks the ledger-head row as {@link #lockHead} does and returns it: position and tree size. */
    Object[] lockHeadRow(Handle h) {
        String wait = dialect == Dialect.H2 ? " WAIT " + statements.timeoutSeconds() : "";
        String columns = "SELECT position, tree_size FROM " + head + " WHERE id = 1";
        Object[] row = headRow(h, columns + " FOR UPDATE" + wait);
        // H2 may answer a lock it had to wait for with the row as it was when the statement began; read the head
        // again now that the lock is held, so the positions given out follow the last commit
        return dialect == Dialect.H2 ? headRow(h, columns) : row;
    }

    private Object[] headRow(Handle h, String sql) {
        return query(h, sql)
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getLong(2)})
                .one();
    }

    /** The subject's current state in one statement, with the ledger position it is consistent with. */
    CurrentState loadCurrentState(Handle h, String subject) {
        return query(
                        h,
                        "SELECT h.position AS as_of, r.* FROM " + head + " h"
                                + " LEFT JOIN " + currentState + " c ON c.subject = :subject"
                                + " LEFT JOIN " + record + " r ON r.position = c.position WHERE h.id = 1")
                .bind("subject", subject)
                .registerRowMapper(ConsentRecord.class, Rows.RECORD)
                .reduceRows(CurrentStateReducer.of(subject, head))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The current states of many subjects, one statement per {@link #CHUNK} subjects; with a purpose, only its
     * rows and the lifecycle rows of the current state.
     */
    Map<String, CurrentState> loadCurrentStates(Handle h, Collection<String> subjects, @Nullable String purposeId) {
        List<String> all = List.copyOf(new LinkedHashSet<>(subjects));
        if (all.size() == 1 && purposeId == null) {
            // one subject (a writer alone, a check of one) by the single-subject query: the joined array below
            // costs H2 more than the lookup itself (it made a lone append twice as slow)
            return Map.of(all.get(0), loadCurrentState(h, all.get(0)));
        }
        Map<String, CurrentState> out = new LinkedHashMap<>();
        String slots = purposeId == null ? "" : " AND c.slot IN (<slots>)";
        // The subjects are a table the current state is joined to by its primary key, one lookup each (an array
        // on H2 and PostgreSQL; on MariaDB an IN list, which it sends as sorted constants). As a filter on
        // the join instead, H2 compares every row it finds with every subject of the chunk. One statement,
        // so the head position and the rows are one consistent read.
        String records = " JOIN " + record + " r ON r.position = c.position";
        String rows = switch (dialect) {
            case H2, POSTGRESQL ->
                "SELECT c.subject AS current_subject, r.* FROM UNNEST(:subjects) u(s)" + " JOIN " + currentState
                        + " c ON c.subject = u.s" + slots + records;
            case MARIADB ->
                "SELECT c.subject AS current_subject, r.* FROM " + currentState + " c" + records
                        + " WHERE c.subject IN (<subjects>)" + slots;
        };
        String sql = "SELECT h.position AS as_of, x.* FROM " + head + " h LEFT JOIN (" + rows + ") x ON 1 = 1"
                + " WHERE h.id = 1";
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            Query q = query(h, sql);
            if (dialect == Dialect.MARIADB) {
                q.bindList("subjects", chunk);
            } else {
                q.bindArray("subjects", String.class, chunk);
            }
            if (purposeId != null) {
                q.bindList("slots", slotsFor(purposeId));
            }
            q.registerRowMapper(ConsentRecord.class, Rows.RECORD)
                    .reduceRows(CurrentStateReducer.of(chunk, "current_subject", head))
                    .forEach(state -> out.put(state.subject(), state));
        }
        return out;
    }

    /** The current-state slots a decision about {@code purposeId} needs: its own and every subject-level action's. */
    private static List<String> slotsFor(String purposeId) {
        List<String> slots = new ArrayList<>();
        slots.add(purposeId);
        for (Action a : Action.values()) {
            if (a.concernsSubject()) {
                slots.add(Rows.lifecycleSlot(a));
            }
        }
        return slots;
    }

    /**
     * The subject's records in position order, the order in which they were appended: for an intact chain
     * also their sequence order. Not sorted by the sequence they claim, so that {@code verify(subject)} sees
     * records whose positions or sequences were swapped in the table, as the whole-ledger walk over the feed
     * does; the current state, too, follows positions.
     */
    List<ConsentRecord> readSubject(Handle h, String subject) {
        return query(
                        h,
                        "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                                + " WHERE subject = :subject ORDER BY position")
                .bind("subject", subject)
                .map(Rows.RECORD)
                .list();
    }

    /**
     * The checks of {@link #append} for many appends in two statements per {@link #CHUNK} appends (not two per
     * append): which of their interactions are recorded, and each subject's last sequence. The first append that
     * fails a check, in the order given, is reported as a lone append would be.
     */
    private void checkAll(Handle h, List<SubjectAppend> appends) {
        Set<List<String>> recorded = new HashSet<>();
        Map<String, Long> sequences = new java.util.HashMap<>();
        for (int from = 0; from < appends.size(); from += CHUNK) {
            List<SubjectAppend> chunk = appends.subList(from, Math.min(appends.size(), from + CHUNK));
            List<String> subjects = chunk.stream().map(SubjectAppend::subject).toList();
            List<String> ids =
                    chunk.stream().map(SubjectAppend::interactionId).distinct().toList();
            Query recordedQuery;
            Query sequenceQuery;
            if (dialect == Dialect.MARIADB) {
                recordedQuery = query(
                                h,
                                "SELECT subject, interaction_id FROM " + interaction
                                        + " WHERE subject IN (<subjects>) AND interaction_id IN (<ids>)")
                        .bindList("subjects", subjects)
                        .bindList("ids", ids);
                sequenceQuery = query(
                                h,
                                "SELECT subject, MAX(subject_seq) FROM " + record
                                        + " WHERE subject IN (<subjects>) GROUP BY subject")
                        .bindList("subjects", subjects);
            } else {
                // joined to the subjects as arrays, one index lookup each (see loadCurrentStates)
                List<String> chunkIds =
                        chunk.stream().map(SubjectAppend::interactionId).toList();
                recordedQuery = query(
                                h,
                                "SELECT x.subject, x.interaction_id FROM UNNEST(:subjects, :ids) u(s, i) JOIN "
                                        + interaction + " x ON x.subject = u.s AND x.interaction_id = u.i")
                        .bindArray("subjects", String.class, subjects)
                        .bindArray("ids", String.class, chunkIds);
                sequenceQuery = query(
                                h,
                                "SELECT u.s, (SELECT MAX(r.subject_seq) FROM " + record
                                        + " r WHERE r.subject = u.s) FROM UNNEST(:subjects) u(s)")
                        .bindArray("subjects", String.class, subjects);
            }
            recordedQuery
                    .map((rs, ctx) -> List.of(rs.getString(1), rs.getString(2)))
                    .forEach(recorded::add);
            sequenceQuery
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(e -> sequences.put(e.getKey(), e.getValue()));
        }
        for (SubjectAppend a : appends) {
            if (recorded.contains(List.of(a.subject(), a.interactionId()))) {
                throw new DuplicateInteractionException(a.subject(), a.interactionId());
            }
            if (sequences.getOrDefault(a.subject(), 0L) != a.expectedSequence()) {
                throw new ConcurrentUpdateException(a.subject(), a.expectedSequence());
            }
        }
    }

    /**
     * The records of many subjects, one statement per {@link #CHUNK} subjects, each subject's in position order
     * as {@link #readSubject}.
     */
    Map<String, List<ConsentRecord>> readSubjects(Handle h, Collection<String> subjects) {
        Map<String, List<ConsentRecord>> out = new LinkedHashMap<>();
        for (String subject : subjects) {
            out.put(subject, new ArrayList<>());
        }
        List<String> all = List.copyOf(out.keySet());
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            Query q = dialect == Dialect.MARIADB
                    ? query(
                                    h,
                                    "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                                            + " WHERE subject IN (<subjects>) ORDER BY position")
                            .bindList("subjects", chunk)
                    // joined to the subjects as an array, one index range each (see loadCurrentStates)
                    : query(
                                    h,
                                    "SELECT r.* FROM UNNEST(:subjects) u(s) JOIN " + record
                                            + " r ON r.subject = u.s ORDER BY r.position")
                            .bindArray("subjects", String.class, chunk);
            q.map(Rows.RECORD).forEach(r -> out.get(r.subject()).add(r));
        }
        out.replaceAll((subject, records) -> List.copyOf(records));
        return out;
    }

    /** The record with {@code id}, in one statement, by the unique key on record_id (schema V1) or, on the partitioned layout, its index (schema V4). */
    java.util.Optional<ConsentRecord> readRecord(JdbiCalls calls, java.util.UUID id) {
        return calls.withHandle(
                "read a record by its id",
                h -> query(h, "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record + " WHERE record_id = :id")
                        .bind("id", id.toString())
                        .map(Rows.RECORD)
                        .findOne());
    }

    List<ConsentRecord> readFeed(Handle h, long afterPosition, int limit) {
        return query(
                        h,
                        "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                                + " WHERE position > :after ORDER BY position LIMIT :limit")
                .bind("after", afterPosition)
                .bind("limit", limit)
                .map(Rows.RECORD)
                .list();
    }

    /**
     * Erasure records after a position, in position order: lifecycle rows have no purpose and their action
     * in the action column. Without an index on the action this reads the records after {@code afterPosition}
     * through the primary key.
     */
    List<ConsentRecord> readErasures(Handle h, long afterPosition, int limit) {
        return query(
                        h,
                        "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                                + " WHERE purpose_id IS NULL AND action = :action AND position > :after ORDER BY position LIMIT :limit")
                .bind("action", Action.SUBJECT_ERASED.name())
                .bind("after", afterPosition)
                .bind("limit", limit)
                .map(Rows.RECORD)
                .list();
    }

    long headPosition(Handle h) {
        return query(h, "SELECT position FROM " + head + " WHERE id = 1")
                .mapTo(Long.class)
                .one();
    }
}
