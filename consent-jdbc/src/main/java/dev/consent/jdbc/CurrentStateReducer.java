package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.spi.CurrentState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.result.RowReducer;
import org.jdbi.v3.core.result.RowView;
import org.jspecify.annotations.Nullable;

/**
 * Reduces the rows of a current-state read to one {@link CurrentState} per subject asked for, in the order
 * asked. Each row carries the head position the read is consistent with ({@code as_of}) and a record, or
 * nulls for a subject without records (the head row is outer-joined to the records). The query registers
 * {@link Rows#RECORD} for {@link ConsentRecord}.
 */
final class CurrentStateReducer implements RowReducer<CurrentStateReducer.Found, CurrentState> {
    private final List<String> subjects;
    /** The column naming the subject whose current state points at the record; null when one subject is read. */
    private final @Nullable String subjectColumn;

    private final String headTable;

    private CurrentStateReducer(List<String> subjects, @Nullable String subjectColumn, String headTable) {
        this.subjects = subjects;
        this.subjectColumn = subjectColumn;
        this.headTable = headTable;
    }

    /** For the rows of one subject's current state. */
    static CurrentStateReducer of(String subject, String headTable) {
        return new CurrentStateReducer(List.of(subject), null, headTable);
    }

    /** For the rows of many subjects' current states, each row naming its subject in {@code subjectColumn}. */
    static CurrentStateReducer of(List<String> subjects, String subjectColumn, String headTable) {
        return new CurrentStateReducer(subjects, subjectColumn, headTable);
    }

    /** The head position and the records found so far. */
    static final class Found {
        private long asOf = -1;
        private final Map<String, List<ConsentRecord>> latest = new HashMap<>();
    }

    @Override
    public Found container() {
        return new Found();
    }

    @Override
    public void accumulate(Found found, RowView row) {
        found.asOf = row.getColumn("as_of", Long.class);
        if (row.getColumn("position", Long.class) != null) {
            // the subject whose current state points at the record, which verify() compares with the record's own
            String subject = subjectColumn == null ? subjects.get(0) : row.getColumn(subjectColumn, String.class);
            found.latest.computeIfAbsent(subject, k -> new ArrayList<>()).add(row.getRow(ConsentRecord.class));
        }
    }

    /**
     * One current state per subject asked for.
     *
     * @throws IllegalStateException if the read found no head row
     */
    @Override
    public Stream<CurrentState> stream(Found found) {
        if (found.asOf < 0) {
            throw new IllegalStateException("the ledger head row is missing from " + headTable);
        }
        return subjects.stream()
                .map(subject -> new CurrentState(subject, found.latest.getOrDefault(subject, List.of()), found.asOf));
    }
}
