package dev.consent.jdbc;

import dev.consent.Action;
import dev.consent.spi.PeriodCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.result.RowReducer;
import org.jdbi.v3.core.result.RowView;

/** The SQL of a transparency report's counts ({@link PeriodCounts}), read from {@code <prefix>record}. */
final class PeriodCountSql {
    private final JdbiCalls calls;
    private final Statements statements;
    private final String head;
    private final String record;

    PeriodCountSql(JdbiCalls calls, Statements statements, String prefix) {
        this.calls = calls;
        this.statements = statements;
        this.head = prefix + "ledger_head";
        this.record = prefix + "record";
    }

    /**
     * The counts of a transparency report in one statement, so that they come from one snapshot of the
     * database: the records of the period grouped by purpose and action ({@code kind} 'A'); the latest record
     * per subject and purpose before the end (a window function), of subjects without a lifecycle record
     * before the end, grouped by purpose, version, action, expiry class and children-rule class (from the
     * subject's latest age statement before the end, a second window) ({@code kind} 'S'); and the ledger
     * head ('H'). Portable across H2 2.x, PostgreSQL and MariaDB 10.6.
     */
    /** The counts over {@code [from, to)} on a handle of its own; see the statement below. */
    PeriodCounts count(java.time.Instant from, java.time.Instant to) {
        java.util.Objects.requireNonNull(from, "from");
        java.util.Objects.requireNonNull(to, "to");
        return calls.withHandle("count the period", h -> count(h, from.toEpochMilli(), to.toEpochMilli()));
    }

    private PeriodCounts count(Handle h, long fromMillis, long toMillis) {
        String sql = "SELECT 'A' AS kind, purpose_id, 0 AS purpose_version, action, 0 AS expiry, 0 AS minor,"
                + " COUNT(*) AS n FROM " + record + " WHERE recorded_at >= :from AND recorded_at < :to"
                + " GROUP BY purpose_id, action"
                + " UNION ALL"
                + " SELECT 'S' AS kind, m.purpose_id, m.purpose_version, m.action, m.expiry, m.minor, COUNT(*) AS n"
                + " FROM (SELECT l.purpose_id, l.purpose_version, l.action, l.expiry,"
                + " CASE WHEN l.action <> 'GRANTED' OR g.expires_at IS NULL OR l.recorded_at >= g.expires_at THEN 0"
                + " WHEN l.actor_type <> 'GUARDIAN' OR l.actor_authority IS NULL THEN 1"
                + " WHEN g.expires_at < :to THEN 3 ELSE 2 END AS minor FROM ("
                + "SELECT r.subject, r.purpose_id, r.purpose_version, r.action, r.recorded_at, r.actor_type,"
                + " r.actor_authority,"
                + " CASE WHEN r.expires_at IS NULL OR r.expires_at >= :to THEN 0"
                + " WHEN r.expires_at >= :from THEN 1 ELSE 2 END AS expiry,"
                + " ROW_NUMBER() OVER (PARTITION BY r.subject, r.purpose_id ORDER BY r.subject_seq DESC) AS rn"
                + " FROM " + record + " r WHERE r.purpose_id IS NOT NULL AND r.recorded_at < :to) l"
                + " LEFT JOIN (SELECT a.subject, a.expires_at,"
                + " ROW_NUMBER() OVER (PARTITION BY a.subject ORDER BY a.subject_seq DESC) AS arn"
                + " FROM " + record + " a WHERE a.action = 'AGE_STATED' AND a.recorded_at < :to) g"
                + " ON g.subject = l.subject AND g.arn = 1"
                + " WHERE l.rn = 1 AND NOT EXISTS (SELECT 1 FROM " + record + " x WHERE x.subject = l.subject"
                + " AND x.purpose_id IS NULL AND x.action IN ('SUBJECT_ERASED', 'SUBJECT_DECEASED')"
                + " AND x.recorded_at < :to)) m"
                + " GROUP BY m.purpose_id, m.purpose_version, m.action, m.expiry, m.minor"
                + " UNION ALL"
                + " SELECT 'H' AS kind, NULL, 0, NULL, 0, 0, position FROM " + head + " WHERE id = 1";
        return statements
                .query(h, sql)
                .bind("from", fromMillis)
                .bind("to", toMillis)
                .reduceRows(new Counts(head))
                .findFirst()
                .orElseThrow();
    }

    /**
     * The end states of {@link #count} that are grants one of {@code anyOf} selects, in one statement: the same
     * window over the latest record per subject and purpose, kept when it is a grant that matches a filter.
     */
    List<PeriodCounts.EndStateCount> countSelected(
            java.time.Instant from, java.time.Instant to, List<dev.consent.GrantFilter> anyOf) {
        if (anyOf.isEmpty()) {
            return List.of();
        }
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < anyOf.size(); i++) {
            dev.consent.GrantFilter f = anyOf.get(i);
            StringBuilder one = new StringBuilder("1 = 1");
            if (f.purposeId() != null) {
                one.append(" AND l.purpose_id = :p").append(i);
            }
            if (f.collectionPoint() != null) {
                one.append(" AND l.collection_point = :c").append(i);
            }
            if (f.noticeVersion() != null) {
                one.append(" AND l.notice_version = :n").append(i);
            }
            if (f.recordedFrom() != null) {
                one.append(" AND l.recorded_at >= :f").append(i);
            }
            if (f.recordedUntil() != null) {
                one.append(" AND l.recorded_at < :u").append(i);
            }
            match.append(i == 0 ? "(" : " OR (").append(one).append(')');
        }
        String sql = "SELECT l.purpose_id, l.purpose_version, l.expiry, COUNT(*) AS n FROM ("
                + "SELECT r.subject, r.purpose_id, r.purpose_version, r.action, r.collection_point, r.notice_version,"
                + " r.recorded_at, CASE WHEN r.expires_at IS NULL OR r.expires_at >= :to THEN 0"
                + " WHEN r.expires_at >= :from THEN 1 ELSE 2 END AS expiry,"
                + " ROW_NUMBER() OVER (PARTITION BY r.subject, r.purpose_id ORDER BY r.subject_seq DESC) AS rn"
                + " FROM " + record + " r WHERE r.purpose_id IS NOT NULL AND r.recorded_at < :to) l"
                + " WHERE l.rn = 1 AND l.action = 'GRANTED' AND (" + match + ")"
                + " AND NOT EXISTS (SELECT 1 FROM " + record + " x WHERE x.subject = l.subject"
                + " AND x.purpose_id IS NULL AND x.recorded_at < :to)"
                + " GROUP BY l.purpose_id, l.purpose_version, l.expiry";
        return calls.withHandle("count the invalidated grants of a period", h -> {
            org.jdbi.v3.core.statement.Query q =
                    statements.query(h, sql).bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli());
            for (int i = 0; i < anyOf.size(); i++) {
                dev.consent.GrantFilter f = anyOf.get(i);
                if (f.purposeId() != null) {
                    q.bind("p" + i, f.purposeId());
                }
                if (f.collectionPoint() != null) {
                    q.bind("c" + i, f.collectionPoint());
                }
                if (f.noticeVersion() != null) {
                    q.bind("n" + i, f.noticeVersion());
                }
                if (f.recordedFrom() != null) {
                    q.bind("f" + i, f.recordedFrom().toEpochMilli());
                }
                if (f.recordedUntil() != null) {
                    q.bind("u" + i, f.recordedUntil().toEpochMilli());
                }
            }
            return q.map((rs, ctx) -> new PeriodCounts.EndStateCount(
                            rs.getString("purpose_id"),
                            rs.getInt("purpose_version"),
                            Action.GRANTED,
                            PeriodCounts.Expiry.values()[rs.getInt("expiry")],
                            rs.getLong("n")))
                    .list();
        });
    }

    /** Reduces the rows of {@link #count} to one {@link PeriodCounts}. */
    private static final class Counts implements RowReducer<Counts.Found, PeriodCounts> {
        private static final PeriodCounts.Expiry[] EXPIRIES = PeriodCounts.Expiry.values();
        private static final PeriodCounts.Minor[] MINORS = PeriodCounts.Minor.values();

        private final String headTable;

        Counts(String headTable) {
            this.headTable = headTable;
        }

        /** The counts found so far, and the head position once its row is read. */
        static final class Found {
            private final List<PeriodCounts.ActionCount> actions = new ArrayList<>();
            private final List<PeriodCounts.EndStateCount> ends = new ArrayList<>();
            private long asOf = -1;
        }

        @Override
        public Found container() {
            return new Found();
        }

        @Override
        public void accumulate(Found found, RowView row) {
            String kind = row.getColumn("kind", String.class).strip();
            long n = row.getColumn("n", Long.class);
            if (kind.equals("H")) {
                found.asOf = n;
            } else if (kind.equals("A")) {
                found.actions.add(new PeriodCounts.ActionCount(
                        row.getColumn("purpose_id", String.class),
                        Action.valueOf(row.getColumn("action", String.class)),
                        n));
            } else {
                found.ends.add(new PeriodCounts.EndStateCount(
                        row.getColumn("purpose_id", String.class),
                        row.getColumn("purpose_version", Integer.class),
                        Action.valueOf(row.getColumn("action", String.class)),
                        EXPIRIES[row.getColumn("expiry", Integer.class)],
                        n,
                        MINORS[row.getColumn("minor", Integer.class)]));
            }
        }

        /**
         * The counts, as of the head position.
         *
         * @throws IllegalStateException if the head row was not among the rows
         */
        @Override
        public Stream<PeriodCounts> stream(Found found) {
            if (found.asOf < 0) {
                throw new IllegalStateException("the ledger head row is missing from " + headTable);
            }
            return Stream.of(new PeriodCounts(found.actions, found.ends, found.asOf));
        }
    }
}
