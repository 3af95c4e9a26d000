package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a batch's appends written in one statement ({@link PostgresAppend}, {@link MariadbAppend}), with
 * positions given as offsets from the ledger head's old value, which the statement itself reads: one interaction
 * row per append (subject, interaction id, offset of its first record), one record row per record (offset, then
 * the record's other columns), one current-state row per subject and slot (subject, slot, offset of its latest
 * record). The statement's text depends only on the three row counts.
 */
final class OffsetRows {
    private final List<SubjectAppend> appends;
    private final int records;
    private final List<Object[]> states;

    OffsetRows(List<SubjectAppend> appends) {
        this.appends = appends;
        int count = 0;
        List<Object[]> latestRows = new ArrayList<>(appends.size());
        for (SubjectAppend a : appends) {
            if (!a.evidence().isEmpty()) {
                throw new IllegalArgumentException("an append with evidence is written by the per-table statements");
            }
            int k = count;
            Map<String, Integer> latest = new LinkedHashMap<>();
            for (ConsentRecord rec : a.records()) {
                latest.put(Rows.slot(rec), ++k);
            }
            for (Map.Entry<String, Integer> l : latest.entrySet()) {
                latestRows.add(new Object[] {a.subject(), l.getKey(), (long) l.getValue()});
            }
            count = k;
        }
        this.records = count;
        this.states = latestRows;
    }

    /**
     * Whether one statement writes these appends: none of them carries evidence, and the statement binds no more
     * parameters than {@link MultiRowInsert#MAX_PARAMETERS} (PostgreSQL takes at most 32,767).
     */
    static boolean accepts(List<SubjectAppend> appends) {
        long parameters = 2;
        for (SubjectAppend a : appends) {
            if (!a.evidence().isEmpty()) {
                return false;
            }
            // the interaction's row, and at most one record and one current-state row per record
            parameters += 3 + 23L * a.records().size();
        }
        return parameters <= MultiRowInsert.MAX_PARAMETERS;
    }

    int interactions() {
        return appends.size();
    }

    int records() {
        return records;
    }

    int states() {
        return states.size();
    }

    /** {@code n} copies of a row's placeholders, separated by commas. */
    static String rows(String row, int n) {
        StringBuilder b = new StringBuilder(n * (row.length() + 2));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(row);
        }
        return b.toString();
    }

    /**
     * Binds the interaction rows, then the record rows, then the current-state rows, from parameter
     * {@code index} on.
     *
     * @return the index after them
     */
    int bind(PreparedStatement ps, int index) throws SQLException {
        int p = index;
        int k = 0;
        for (SubjectAppend a : appends) {
            ps.setString(p++, a.subject());
            ps.setString(p++, a.interactionId());
            ps.setLong(p++, k + 1L);
            k += a.records().size();
        }
        k = 0;
        for (SubjectAppend a : appends) {
            for (ConsentRecord rec : a.records()) {
                ps.setLong(p++, ++k);
                p = Rows.bindRecordAfterPosition(ps, p, rec);
            }
        }
        for (Object[] row : states) {
            ps.setString(p++, (String) row[0]);
            ps.setString(p++, (String) row[1]);
            ps.setLong(p++, (Long) row[2]);
        }
        return p;
    }

    /** Each append's records at their positions after {@code base}, the head's value before the statement. */
    List<List<ConsentRecord>> positioned(long base) {
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
    }
}
