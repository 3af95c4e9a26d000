package dev.consent.jdbc;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.InvalidInputException;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import dev.consent.spi.PeriodCounts;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.spi.CurrentState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/**
 * The store's SQL over one handle: the caller decides the transaction (the store's own, or an
 * application's). Every append first locks the single ledger-head row, so appends are serialised per
 * database and positions are assigned, and committed, in order: a feed reader never finds a record below a
 * position it has already read.
 */
final class LedgerSql {
    /** Subjects per query of a bulk head read. */
    static final int CHUNK = 1_000;

    private final Dialect dialect;
    private final int timeoutSeconds;
    private final String head;
    private final String record;
    private final String interaction;
    private final String currentState;
    private final String evidence;
    private final String purpose;

    LedgerSql(Dialect dialect, String prefix, int timeoutSeconds) {
        this.dialect = dialect;
        this.timeoutSeconds = timeoutSeconds;
        this.head = prefix + "ledger_head";
        this.record = prefix + "record";
        this.interaction = prefix + "interaction";
        this.currentState = prefix + "current_state";
        this.evidence = prefix + "evidence";
        this.purpose = prefix + "purpose";
    }

    private Query query(Handle h, String sql) {
        return withoutArguments(h.createQuery(sql)).setQueryTimeout(timeoutSeconds);
    }

    private Update update(Handle h, String sql) {
        return withoutArguments(h.createUpdate(sql)).setQueryTimeout(timeoutSeconds);
    }

    private PreparedBatch batch(Handle h, String sql) {
        return withoutArguments(h.prepareBatch(sql)).setQueryTimeout(timeoutSeconds);
    }

    /**
     * Jdbi's exception messages show the statement's bound arguments by default, and the arguments of an append
     * are evidence (IP address, user agent, attributes) that an application would log with the exception, out of
     * erasure's reach: the messages of this store's statements show the SQL only.
     */
    private static <S extends SqlStatement<S>> S withoutArguments(S statement) {
        return statement.configure(StatementExceptions.class,
                c -> c.setMessageRendering(e -> e.getShortMessage() + " [statement:\""
                        + e.getStatementContext().getRawSql() + "\"]"));
    }

    /**
     * Appends inside the handle's open transaction; see {@code ConsentStore.append}. A serialization failure
     * or deadlock (possible when the caller's transaction runs at REPEATABLE READ or SERIALIZABLE) is a
     * {@link ConcurrentUpdateException}: the transaction is to be rolled back and run again.
     */
    List<ConsentRecord> append(Handle h, List<SubjectAppend> appends) {
        try {
            return appendUnchecked(h, appends);
        } catch (dev.consent.ConsentException e) {
            throw e;
        } catch (RuntimeException e) {
            if (isRetryable(e)) {
                throw conflict(appends, e);
            }
            throw e;
        }
    }

    /** A conflict to retry, named after the append's first subject, with the database's failure as its cause. */
    private static ConcurrentUpdateException conflict(List<SubjectAppend> appends, RuntimeException cause) {
        SubjectAppend first = appends.get(0);
        ConcurrentUpdateException conflict = new ConcurrentUpdateException(first.subject(), first.expectedSequence());
        conflict.initCause(cause);
        return conflict;
    }

    private List<ConsentRecord> appendUnchecked(Handle h, List<SubjectAppend> appends) {
        Set<String> seen = new HashSet<>();
        for (SubjectAppend a : appends) {
            if (!seen.add(a.subject())) {
                throw new InvalidInputException("appends", a.subject(), "holds the same subject twice");
            }
        }
        long position = lockHead(h);
        for (SubjectAppend a : appends) {
            boolean recorded = query(h, "SELECT COUNT(*) FROM " + interaction
                    + " WHERE subject = :subject AND interaction_id = :interaction")
                    .bind("subject", a.subject()).bind("interaction", a.interactionId()).mapTo(Long.class).one() > 0;
            if (recorded) {
                throw new DuplicateInteractionException(a.subject(), a.interactionId());
            }
            long sequence = query(h, "SELECT COALESCE(MAX(subject_seq), 0) FROM " + record + " WHERE subject = :subject")
                    .bind("subject", a.subject()).mapTo(Long.class).one();
            if (sequence != a.expectedSequence()) {
                throw new ConcurrentUpdateException(a.subject(), a.expectedSequence());
            }
        }
        List<ConsentRecord> out = new ArrayList<>();
        PreparedBatch records = batch(h, "INSERT INTO " + record + " (" + Rows.RECORD_COLUMNS + ") VALUES ("
                + Rows.RECORD_VALUES + ")");
        PreparedBatch interactions = batch(h, "INSERT INTO " + interaction
                + " (subject, interaction_id, first_position) VALUES (:subject, :interaction, :position)");
        PreparedBatch evidenceRows = batch(h, "INSERT INTO " + evidence
                + " (record_id, subject, ip_address, user_agent, attributes, salt)"
                + " VALUES (:record_id, :subject, :ip, :ua, :attributes, :salt)");
        PreparedBatch states = batch(h, dialect.upsertCurrentState(currentState));
        boolean anyEvidence = false;
        for (SubjectAppend a : appends) {
            interactions.bind("subject", a.subject()).bind("interaction", a.interactionId())
                    .bind("position", position + 1).add();
            Map<String, ConsentRecord> latest = new LinkedHashMap<>();
            for (ConsentRecord r : a.records()) {
                ConsentRecord stored = r.withPosition(++position);
                Rows.bindRecord(records, stored).add();
                latest.put(Rows.slot(stored), stored);
                StoredEvidence e = a.evidence().get(stored.id());
                if (e != null) {
                    evidenceRows.bind("record_id", stored.id().toString()).bind("subject", a.subject())
                            .bind("ip", e.evidence().ipAddress()).bind("ua", e.evidence().userAgent())
                            .bind("attributes", Rows.attributesJson(e.evidence())).bind("salt", e.salt()).add();
                    anyEvidence = true;
                }
                out.add(stored);
            }
            for (Map.Entry<String, ConsentRecord> e : latest.entrySet()) {
                states.bind("subject", a.subject()).bind("slot", e.getKey()).bind("position", e.getValue().position())
                        .add();
            }
        }
        try {
            interactions.execute();
        } catch (RuntimeException e) {
            // the checks above read a snapshot older than a concurrent commit (a caller's REPEATABLE READ)
            if (isConstraintViolation(e)) {
                SubjectAppend first = appends.get(0);
                throw new DuplicateInteractionException(first.subject(), first.interactionId());
            }
            throw e;
        }
        try {
            records.execute();
        } catch (RuntimeException e) {
            // the subject's sequence or a position was taken by a commit the checks above could not see (H2
            // can answer the head lock with the row as it was before the lock was granted): a conflict to retry
            if (isConstraintViolation(e)) {
                throw conflict(appends, e);
            }
            throw e;
        }
        if (anyEvidence) {
            evidenceRows.execute();
        }
        states.execute();
        update(h, "UPDATE " + head + " SET position = :position WHERE id = 1").bind("position", position).execute();
        return out;
    }

    /**
     * Locks the ledger-head row until the transaction ends, waiting at most the query timeout, and returns
     * the head position. H2 bounds a lock wait by its own lock timeout (2 seconds by default), not by the
     * query timeout, so there the wait is stated in the statement.
     */
    long lockHead(Handle h) {
        String wait = dialect == Dialect.H2 ? " WAIT " + timeoutSeconds : "";
        long position = query(h, "SELECT position FROM " + head + " WHERE id = 1 FOR UPDATE" + wait)
                .mapTo(Long.class).one();
        if (dialect == Dialect.H2) {
            // H2 may answer a lock it had to wait for with the row as it was when the statement began; read the
            // head again now that the lock is held, so the positions given out follow the last commit
            position = query(h, "SELECT position FROM " + head + " WHERE id = 1").mapTo(Long.class).one();
        }
        return position;
    }

    /** The subject's head in one statement, with the ledger position it is consistent with. */
    CurrentState loadCurrentState(Handle h, String subject) {
        List<ConsentRecord> latest = new ArrayList<>();
        long[] asOf = {-1};
        query(h, "SELECT h.position AS as_of, r.* FROM " + head + " h"
                + " LEFT JOIN " + currentState + " c ON c.subject = :subject"
                + " LEFT JOIN " + record + " r ON r.position = c.position WHERE h.id = 1")
                .bind("subject", subject)
                .map((rs, ctx) -> {
                    asOf[0] = rs.getLong("as_of");
                    rs.getLong("position");
                    if (!rs.wasNull()) {
                        latest.add(Rows.record(rs));
                    }
                    return 0;
                }).list();
        if (asOf[0] < 0) {
            throw new IllegalStateException("the ledger head row is missing from " + head);
        }
        return new CurrentState(subject, latest, asOf[0]);
    }

    /**
     * The heads of many subjects, one statement per {@link #CHUNK} subjects; with a purpose, only its rows and the
     * lifecycle rows of the current state.
     */
    Map<String, CurrentState> loadCurrentStates(Handle h, Collection<String> subjects, @Nullable String purposeId) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(subjects));
        Map<String, CurrentState> out = new LinkedHashMap<>();
        String slots = purposeId == null ? "" : " AND c.slot IN (<slots>)";
        // The subjects are a table the current state is joined to by its primary key, one lookup each (an array
        // on H2 and PostgreSQL; on MariaDB an IN list, which it sends as sorted constants). As a filter on
        // the join instead, H2 compares every row it finds with every subject of the chunk. One statement,
        // so the head position and the rows are one consistent read.
        String records = " JOIN " + record + " r ON r.position = c.position";
        String rows = switch (dialect) {
            case H2, POSTGRESQL -> "SELECT c.subject AS current_subject, r.* FROM UNNEST(:subjects) u(s)"
                    + " JOIN " + currentState + " c ON c.subject = u.s" + slots + records;
            case MARIADB -> "SELECT c.subject AS current_subject, r.* FROM " + currentState + " c" + records
                    + " WHERE c.subject IN (<subjects>)" + slots;
        };
        String sql = "SELECT h.position AS as_of, x.* FROM " + head + " h LEFT JOIN (" + rows + ") x ON 1 = 1"
                + " WHERE h.id = 1";
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            Map<String, List<ConsentRecord>> latest = new LinkedHashMap<>();
            long[] asOf = {-1};
            Query q = query(h, sql);
            if (dialect == Dialect.MARIADB) {
                q.bindList("subjects", chunk);
            } else {
                q.bindArray("subjects", String.class, chunk);
            }
            if (purposeId != null) {
                q.bindList("slots", slotsFor(purposeId));
            }
            q.map((rs, ctx) -> {
                asOf[0] = rs.getLong("as_of");
                rs.getLong("position");
                if (!rs.wasNull()) {
                    // the subject whose current state points at the record, which verify() compares with the
                    // record's own
                    latest.computeIfAbsent(rs.getString("current_subject"), k -> new ArrayList<>())
                            .add(Rows.record(rs));
                }
                return 0;
            }).list();
            for (String subject : chunk) {
                out.put(subject, new CurrentState(subject, latest.getOrDefault(subject, List.of()), asOf[0]));
            }
        }
        return out;
    }

    /** The current-state slots a decision about {@code purposeId} needs: its own and every lifecycle action's. */
    private static List<String> slotsFor(String purposeId) {
        List<String> slots = new ArrayList<>();
        slots.add(purposeId);
        for (dev.consent.Action a : dev.consent.Action.values()) {
            if (a.isLifecycle()) {
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
        return query(h, "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                + " WHERE subject = :subject ORDER BY position")
                .bind("subject", subject).map((rs, ctx) -> Rows.record(rs)).list();
    }

    List<ConsentRecord> readFeed(Handle h, long afterPosition, int limit) {
        return query(h, "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                + " WHERE position > :after ORDER BY position LIMIT :limit")
                .bind("after", afterPosition).bind("limit", limit).map((rs, ctx) -> Rows.record(rs)).list();
    }

    /**
     * Erasure records after a position, in position order: lifecycle rows have no purpose and their action
     * in the action column. Without an index on the action this reads the records after {@code afterPosition}
     * through the primary key.
     */
    List<ConsentRecord> readErasures(Handle h, long afterPosition, int limit) {
        return query(h, "SELECT " + Rows.RECORD_COLUMNS + " FROM " + record
                + " WHERE purpose_id IS NULL AND action = :action AND position > :after ORDER BY position LIMIT :limit")
                .bind("action", dev.consent.Action.SUBJECT_ERASED.name()).bind("after", afterPosition)
                .bind("limit", limit).map((rs, ctx) -> Rows.record(rs)).list();
    }

    /**
     * The counts of a transparency report in one statement, so that they come from one snapshot of the
     * database: the records of the period grouped by purpose and action ({@code kind} 'A'); the latest record
     * per subject and purpose before the end (a window function), of subjects without a lifecycle record
     * before the end, grouped by purpose, version, action and expiry class ({@code kind} 'S'); and the ledger
     * head ('H'). Portable across H2 2.x, PostgreSQL and MariaDB 10.6.
     */
    PeriodCounts countPeriod(Handle h, long fromMillis, long toMillis) {
        String sql = "SELECT 'A' AS kind, purpose_id, 0 AS purpose_version, action, 0 AS expiry, COUNT(*) AS n"
                + " FROM " + record + " WHERE recorded_at >= :from AND recorded_at < :to"
                + " GROUP BY purpose_id, action"
                + " UNION ALL"
                + " SELECT 'S' AS kind, l.purpose_id, l.purpose_version, l.action, l.expiry, COUNT(*) AS n FROM ("
                + "SELECT r.subject, r.purpose_id, r.purpose_version, r.action,"
                + " CASE WHEN r.expires_at IS NULL OR r.expires_at >= :to THEN 0"
                + " WHEN r.expires_at >= :from THEN 1 ELSE 2 END AS expiry,"
                + " ROW_NUMBER() OVER (PARTITION BY r.subject, r.purpose_id ORDER BY r.subject_seq DESC) AS rn"
                + " FROM " + record + " r WHERE r.purpose_id IS NOT NULL AND r.recorded_at < :to) l"
                + " WHERE l.rn = 1 AND NOT EXISTS (SELECT 1 FROM " + record + " x WHERE x.subject = l.subject"
                + " AND x.purpose_id IS NULL AND x.recorded_at < :to)"
                + " GROUP BY l.purpose_id, l.purpose_version, l.action, l.expiry"
                + " UNION ALL"
                + " SELECT 'H' AS kind, NULL, 0, NULL, 0, position FROM " + head + " WHERE id = 1";
        List<PeriodCounts.ActionCount> actions = new ArrayList<>();
        List<PeriodCounts.EndStateCount> ends = new ArrayList<>();
        long[] asOf = {-1};
        PeriodCounts.Expiry[] expiries = PeriodCounts.Expiry.values();
        query(h, sql).bind("from", fromMillis).bind("to", toMillis).map((rs, ctx) -> {
            String kind = rs.getString("kind").strip();
            long n = rs.getLong("n");
            if (kind.equals("H")) {
                asOf[0] = n;
            } else if (kind.equals("A")) {
                actions.add(new PeriodCounts.ActionCount(rs.getString("purpose_id"),
                        dev.consent.Action.valueOf(rs.getString("action")), n));
            } else {
                ends.add(new PeriodCounts.EndStateCount(rs.getString("purpose_id"), rs.getInt("purpose_version"),
                        dev.consent.Action.valueOf(rs.getString("action")), expiries[rs.getInt("expiry")], n));
            }
            return 0;
        }).list();
        if (asOf[0] < 0) {
            throw new IllegalStateException("the ledger head row is missing from " + head);
        }
        return new PeriodCounts(actions, ends, asOf[0]);
    }

    long headPosition(Handle h) {
        return query(h, "SELECT position FROM " + head + " WHERE id = 1").mapTo(Long.class).one();
    }

    Map<UUID, StoredEvidence> readEvidence(Handle h, String subject) {
        Map<UUID, StoredEvidence> out = new LinkedHashMap<>();
        query(h, "SELECT record_id, ip_address, user_agent, attributes, salt FROM " + evidence
                + " WHERE subject = :subject ORDER BY record_id")
                .bind("subject", subject)
                .map((rs, ctx) -> out.put(UUID.fromString(rs.getString("record_id").strip()), Rows.evidence(rs)))
                .list();
        return out;
    }

    void eraseEvidence(Handle h, String subject) {
        update(h, "DELETE FROM " + evidence + " WHERE subject = :subject").bind("subject", subject).execute();
    }

    /** Stores a purpose version inside the handle's transaction, or finds it stored with equal content. */
    void savePurpose(Handle h, Purpose p) {
        Optional<Purpose> existing = findPurpose(h, p.id(), p.version());
        if (existing.isEmpty()) {
            try {
                Rows.bindPurpose(update(h, "INSERT INTO " + purpose + " (purpose_id, version, title, description,"
                        + " legal_basis, group_id, max_age_ms, min_valid_version, recipients, retired, category,"
                        + " pii_categories, sensitive_categories, defined_at)"
                        + " VALUES (:purpose_id, :version, :title, :description, :legal_basis, :group_id, :max_age_ms,"
                        + " :min_valid_version, :recipients, :retired, :category, :pii_categories,"
                        + " :sensitive_categories, :defined_at)"), p).execute();
                return;
            } catch (RuntimeException e) {
                if (!isConstraintViolation(e)) {
                    throw e;
                }
                throw new PurposeRace(e);
            }
        }
        if (!existing.get().equals(p)) {
            throw new PurposeConflictException("purpose " + p.id() + " version " + p.version()
                    + " is already stored with other content");
        }
    }

    Optional<Purpose> findPurpose(Handle h, String id, int version) {
        return query(h, "SELECT * FROM " + purpose + " WHERE purpose_id = :id AND version = :version")
                .bind("id", id).bind("version", version).map((rs, ctx) -> Rows.purpose(rs)).findOne();
    }

    List<Purpose> loadPurposes(Handle h) {
        return query(h, "SELECT * FROM " + purpose + " ORDER BY purpose_id, version")
                .map((rs, ctx) -> Rows.purpose(rs)).list();
    }

    /** Another node stored the same purpose version at the same moment; the caller re-reads and compares. */
    static final class PurposeRace extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PurposeRace(Throwable cause) {
            super(cause);
        }
    }

    /** Whether the failure is an integrity-constraint violation (SQLSTATE class 23). */
    static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is a serialization failure or deadlock, which a new attempt of the transaction
     * resolves: SQLSTATE 40001 or 40P01, or MariaDB's deadlock error 1213.
     */
    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())
                    || s.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }
}
