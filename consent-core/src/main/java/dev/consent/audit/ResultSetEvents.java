package dev.consent.audit;

import dev.consent.InvalidInputException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The events of a query's rows, read forward one row at a time, by column label: {@code subject},
 * {@code purpose} and {@code system} as text, {@code at} as a timestamp ({@code TIMESTAMP},
 * {@code TIMESTAMP WITH TIME ZONE}), epoch milliseconds (an integer) or ISO-8601 text. A bad value is rejected
 * with {@link InvalidInputException} naming the row (from 1) and the column; a driver failure is an
 * {@link EventLogException}. Not thread-safe; leaves the result set open.
 */
final class ResultSetEvents implements Iterator<ProcessingEvent> {
    private final ResultSet rows;
    private long row;
    private @Nullable ProcessingEvent next;
    private boolean done;

    ResultSetEvents(ResultSet rows) {
        this.rows = rows;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                if (!rows.next()) {
                    done = true;
                    return false;
                }
                row++;
                next = new ProcessingEvent(
                        Columns.text(where("subject"), "subject", rows.getString("subject")),
                        Columns.text(where("purpose"), "purpose", rows.getString("purpose")),
                        instant(rows.getObject("at")),
                        Columns.text(where("system"), "system", rows.getString("system")));
            } catch (SQLException e) {
                throw new EventLogException("could not read row " + (row + 1) + " of the processing log query", e);
            }
        }
        return next != null;
    }

    @Override
    public ProcessingEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ProcessingEvent e = next;
        next = null;
        return e;
    }

    private Instant instant(@Nullable Object at) {
        if (at instanceof Timestamp) {
            return ((Timestamp) at).toInstant();
        }
        if (at instanceof OffsetDateTime) {
            return ((OffsetDateTime) at).toInstant();
        }
        if (at instanceof Instant) {
            return (Instant) at;
        }
        if (at instanceof Long || at instanceof Integer) {
            return Instant.ofEpochMilli(((Number) at).longValue());
        }
        if (at instanceof String) {
            return Columns.instant(where("at"), (String) at);
        }
        throw new InvalidInputException(
                where("at"), at, "must be a timestamp, epoch milliseconds or an ISO-8601 instant");
    }

    private String where(String column) {
        return "row " + row + ", column " + column;
    }
}
