package dev.consent.imports;

import dev.consent.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 4180 records: fields separated by commas, records by CRLF (a lone LF or CR is taken too), a field in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""} for one). A quote inside an unquoted
 * field is kept as it is. An empty line is a record of one empty field, which the caller skips. Not thread-safe.
 */
final class CsvParser {
    private final Reader in;
    private long record;
    private int pushedBack = -2;

    CsvParser(Reader in) {
        this.in = in;
    }

    /**
     * The next record's fields, or {@code null} at the end.
     *
     * @throws InvalidInputException if a quoted field is not closed, or text follows its closing quote
     * @throws UncheckedIOException if reading failed
     */
    @Nullable
    List<String> next() {
        int c = read();
        if (c == -1) {
            return null;
        }
        record++;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new InvalidInputException(
                            "record " + record, field.toString(), "has a quoted field that is never closed");
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = d;
                        if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                            throw new InvalidInputException(
                                    "record " + record,
                                    field.toString(),
                                    "has text after the closing quote of a field: " + (char) c);
                        }
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int d = read();
                    if (d != '\n') {
                        pushedBack = d;
                    }
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    /** The number of the record {@link #next()} returned last, from 1. */
    long record() {
        return record;
    }

    private int read() {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
