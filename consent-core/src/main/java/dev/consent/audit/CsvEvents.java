package dev.consent.audit;

import dev.consent.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The events of a CSV processing log (RFC 4180), read one record at a time: a header naming the columns
 * {@code subject}, {@code purpose}, {@code at} and {@code system} in any order, then one event per record.
 * Fields are separated by commas; a field in double quotes may hold commas, line breaks and doubled quotes
 * ({@code ""} for {@code "}); records end with CRLF or LF (a lone CR too), the last one may end without. Empty
 * lines are skipped; a byte-order mark at the start is ignored. Anything else is malformed and rejected with
 * {@link InvalidInputException} naming the line (where the record starts) and the column (1-based). Not
 * thread-safe; leaves the reader open.
 */
final class CsvEvents implements Iterator<ProcessingEvent> {
    private final Reader in;
    private final int[] order = new int[4]; // the column of subject, purpose, at, system
    private final int columns;
    private int line = 1;
    private int recordLine;
    private int peeked = -2; // -2: nothing peeked
    private @Nullable ProcessingEvent next;

    CsvEvents(Reader in) {
        this.in = in;
        if (peek() == '\uFEFF') {
            read();
        }
        List<String> header = record();
        if (header == null) {
            throw new InvalidInputException(
                    "csv line 1", "", "is empty; the header must name the columns " + String.join(",", Columns.NAMES));
        }
        for (int i = 0; i < 4; i++) {
            order[i] = header.indexOf(Columns.NAMES.get(i));
        }
        if (header.size() != 4 || header.stream().distinct().count() != 4 || min(order) < 0) {
            throw new InvalidInputException(
                    "csv line " + recordLine,
                    String.join(",", header),
                    "the header must name the columns " + String.join(",", Columns.NAMES) + ", each once");
        }
        this.columns = header.size();
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            List<String> fields = record();
            if (fields == null) {
                return false;
            }
            if (fields.size() != columns) {
                throw new InvalidInputException(
                        "csv line " + recordLine,
                        String.join(",", fields),
                        "has " + fields.size() + " columns, the header " + columns);
            }
            String[] v = new String[4];
            for (int i = 0; i < 4; i++) {
                v[i] = fields.get(order[i]);
            }
            next = new ProcessingEvent(
                    Columns.text(where(0), "subject", v[0]),
                    Columns.text(where(1), "purpose", v[1]),
                    Columns.instant(where(2), v[2]),
                    Columns.text(where(3), "system", v[3]));
        }
        return true;
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

    private String where(int name) {
        return "csv line " + recordLine + ", column " + (order[name] + 1) + " (" + Columns.NAMES.get(name) + ")";
    }

    /** The next record's fields, or null at the end; skips empty lines. */
    private @Nullable List<String> record() {
        while (peek() == '\r' || peek() == '\n') {
            endOfLine();
        }
        if (peek() < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"' && field.length() == 0) {
                quoted(field, fields.size() + 1);
                c = peek();
                if (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                    throw malformed(fields.size() + 1, "text follows the closing quote of a quoted field");
                }
                c = read();
            } else {
                while (c >= 0 && c != ',' && c != '\r' && c != '\n') {
                    if (c == '"') {
                        throw malformed(fields.size() + 1, "a quote inside a field that does not start with one");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c != ',') {
                if (c == '\r' || c == '\n') {
                    afterLineBreak(c);
                }
                return fields;
            }
        }
    }

    private void quoted(StringBuilder field, int column) {
        while (true) {
            int c = read();
            if (c < 0) {
                throw malformed(column, "a quoted field is not closed before the end of the file");
            }
            if (c == '"') {
                if (peek() != '"') {
                    return;
                }
                read();
            } else if (c == '\r' && peek() == '\n') {
                read();
                line++;
                field.append('\r');
                c = '\n';
            } else if (c == '\r' || c == '\n') {
                line++;
            }
            field.append((char) c);
        }
    }

    private InvalidInputException malformed(int column, String problem) {
        return new InvalidInputException("csv line " + recordLine + ", column " + column, null, problem);
    }

    private void endOfLine() {
        afterLineBreak(read());
    }

    /** After reading a CR or LF: a CR followed by LF is one line break. */
    private void afterLineBreak(int c) {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() {
        if (peeked == -2) {
            peeked = readChar();
        }
        return peeked;
    }

    private int read() {
        int c = peek();
        peeked = -2;
        return c;
    }

    private int readChar() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new EventLogException("could not read the CSV processing log at line " + line, e);
        }
    }

    private static int min(int[] values) {
        int m = Integer.MAX_VALUE;
        for (int v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
