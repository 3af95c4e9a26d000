package dev.consent.jdbc;

import dev.consent.Action;
import dev.consent.InvalidInputException;
import dev.consent.spi.EvidenceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * The store's SQL for retention ({@code dev.consent.retention.Retention}): the records whose evidence is older
 * than a cut-off, the removal of their evidence, and the subjects whose latest record is. Portable across H2 2.x,
 * PostgreSQL and MariaDB 10.6; the arguments are checked before anything reaches the database.
 *
 * <p>Times are compared in epoch milliseconds, as stored; a cut-off between two milliseconds is rounded up, so
 * that "recorded before the cut-off" means the same as it does for {@link Instant}s. Without an index on
 * {@code recorded_at}, the evidence query walks the records by position from the page's start and the subject
 * query groups the current-state rows by subject in key order: both read each row once over a whole run.
 */
final class RetentionSql {
    /** Records whose evidence is deleted per statement, below every dialect's limit on bound values. */
    private static final int DELETE_CHUNK = 500;

    private final JdbiCalls calls;
    private final Statements statements;
    private final String record;
    private final String evidence;
    private final String currentState;

    RetentionSql(JdbiCalls calls, Statements statements, String prefix) {
        this.calls = calls;
        this.statements = statements;
        this.record = prefix + "record";
        this.evidence = prefix + "evidence";
        this.currentState = prefix + "current_state";
    }

    /** See {@code ConsentStore.readEvidenceRecordedBefore}. */
    List<EvidenceRef> evidenceBefore(Instant cutoff, @Nullable Set<String> purposeIds, long afterPosition, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        StoreArguments.checkPage(afterPosition, limit);
        List<String> purposes = purposeIds == null ? null : List.copyOf(purposeIds);
        if (purposes != null && purposes.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT r.position, r.record_id, r.subject FROM " + record + " r"
                + " JOIN " + evidence + " e ON e.subject = r.subject AND e.record_id = r.record_id"
                + " WHERE r.position > :after AND r.recorded_at < :before"
                + (purposes == null ? "" : " AND r.purpose_id IN (<purposes>)")
                + " ORDER BY r.position LIMIT :limit";
        return calls.withHandle("read the evidence recorded before " + cutoff, h -> {
            Query q = statements
                    .query(h, sql)
                    .bind("after", afterPosition)
                    .bind("before", millisRoundedUp(cutoff))
                    .bind("limit", limit);
            if (purposes != null) {
                q.bindList("purposes", purposes);
            }
            return q.map((rs, ctx) -> new EvidenceRef(
                            rs.getLong(1), UUID.fromString(rs.getString(2).trim()), rs.getString(3)))
                    .list();
        });
    }

    /** See {@code ConsentStore.removeEvidence}: one transaction, a statement per chunk of records. */
    int removeEvidence(Collection<EvidenceRef> records) {
        List<EvidenceRef> all = List.copyOf(Objects.requireNonNull(records, "records"));
        if (all.isEmpty()) {
            return 0;
        }
        return calls.inTransaction("remove the evidence of " + all.size() + " records", h -> {
            int removed = 0;
            for (int from = 0; from < all.size(); from += DELETE_CHUNK) {
                List<EvidenceRef> chunk = all.subList(from, Math.min(all.size(), from + DELETE_CHUNK));
                Set<String> subjects = new LinkedHashSet<>();
                List<String> ids = new ArrayList<>();
                for (EvidenceRef ref : chunk) {
                    subjects.add(ref.subject());
                    ids.add(ref.recordId().toString());
                }
                // by subject too, so a table keyed or partitioned by subject finds the rows by its key
                removed += statements
                        .update(
                                h,
                                "DELETE FROM " + evidence + " WHERE subject IN (<subjects>) AND record_id IN (<ids>)")
                        .bindList("subjects", List.copyOf(subjects))
                        .bindList("ids", ids)
                        .execute();
            }
            return removed;
        });
    }

    /**
     * See {@code ConsentStore.readSubjectsLastRecordedBefore}. A subject's latest record is the latest of its
     * current-state rows (one per purpose and lifecycle action), and times never fall along a subject's chain,
     * so the subject qualifies when every current-state row is older than the cut-off and none is an erasure.
     */
    List<String> subjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(afterSubject, "afterSubject");
        if (limit < 1) {
            throw new InvalidInputException("limit", limit, "must be 1 or more");
        }
        String sql = "SELECT c.subject FROM " + currentState + " c JOIN " + record + " r ON r.position = c.position"
                + " WHERE c.subject > :after GROUP BY c.subject"
                + " HAVING MAX(r.recorded_at) < :before"
                + " AND SUM(CASE WHEN c.slot = :erased THEN 1 ELSE 0 END) = 0"
                + " ORDER BY c.subject LIMIT :limit";
        return calls.withHandle(
                "read the subjects last recorded before " + cutoff,
                h -> statements
                        .query(h, sql)
                        .bind("after", afterSubject)
                        .bind("before", millisRoundedUp(cutoff))
                        .bind("erased", Rows.lifecycleSlot(Action.SUBJECT_ERASED))
                        .bind("limit", limit)
                        .mapTo(String.class)
                        .list());
    }

    /** The first whole millisecond at or after {@code instant}: a stored time is before it iff before the instant. */
    private static long millisRoundedUp(Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }
}
