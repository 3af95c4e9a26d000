package dev.consent.imports;

import dev.consent.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An import source over RFC 4180 CSV text (UTF-8 for files) whose first record is a header naming the columns.
 * By default the header names are those of {@link ImportSource#COLUMNS}; {@link #withHeader(String, String)} maps
 * a column to another header name. Header names are compared exactly; other columns are ignored. Rows are
 * numbered from 1 after the header; empty lines are skipped but counted. A row with fewer fields than the header
 * lacks the columns at its end. Immutable; each {@link #open()} reads the text again.
 */
public final class CsvSource implements ImportSource {
    private final String name;
    private final Supplier<Reader> text;
    private final Map<String, String> headers;

    private CsvSource(String name, Supplier<Reader> text, Map<String, String> headers) {
        this.name = name;
        this.text = text;
        this.headers = Map.copyOf(headers);
    }

    /** The CSV file {@code file}, named by its file name. */
    public static CsvSource of(Path file) {
        Objects.requireNonNull(file, "file");
        return of(String.valueOf(file.getFileName()), () -> {
            try {
                return Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * CSV text that {@code text} opens afresh on each pass.
     *
     * @param name the source's name, see {@link ImportSource#name()}
     */
    public static CsvSource of(String name, Supplier<Reader> text) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        if (name.isBlank()) {
            throw new InvalidInputException("name", name, "must not be blank");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            headers.put(column, column);
        }
        return new CsvSource(name, text, headers);
    }

    /**
     * This source with {@code column} read from the header named {@code header}.
     *
     * @throws InvalidInputException if {@code column} is not one of {@link ImportSource#COLUMNS}
     */
    public CsvSource withHeader(String column, String header) {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(header, "header");
        if (!COLUMNS.contains(column)) {
            throw new InvalidInputException("column", column, "is not one of " + COLUMNS);
        }
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(column, header);
        return new CsvSource(name, text, next);
    }

    @Override
    public String name() {
        return name;
    }

    /** @throws InvalidInputException if the header lacks a required column, naming it */
    @Override
    public Rows open() {
        Reader reader = text.get();
        CsvParser parser = new CsvParser(reader instanceof BufferedReader ? reader : new BufferedReader(reader));
        try {
            List<String> header = parser.next();
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; header != null && i < header.size(); i++) {
                at.putIfAbsent(header.get(i), i);
            }
            Map<String, Integer> index = new LinkedHashMap<>();
            for (String column : COLUMNS) {
                Integer i = at.get(headers.get(column));
                if (i != null) {
                    index.put(column, i);
                } else if (Importer.REQUIRED.contains(column)) {
                    throw new InvalidInputException(
                            "header",
                            header == null ? "" : String.join(",", header),
                            "has no column " + headers.get(column) + " (for " + column + ")");
                }
            }
            return new CsvRows(reader, parser, index);
        } catch (RuntimeException e) {
            close(reader);
            throw e;
        }
    }

    private static void close(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CsvRows implements Rows {
        private final Reader reader;
        private final CsvParser parser;
        private final Map<String, Integer> index;

        CsvRows(Reader reader, CsvParser parser, Map<String, Integer> index) {
            this.reader = reader;
            this.parser = parser;
            this.index = index;
        }

        @Override
        public @Nullable SourceRow next() {
            while (true) {
                List<String> fields = parser.next();
                if (fields == null) {
                    return null;
                }
                if (fields.size() == 1 && fields.get(0).isEmpty()) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                index.forEach((column, i) -> {
                    if (i < fields.size()) {
                        values.put(column, fields.get(i));
                    }
                });
                return new SourceRow(parser.record() - 1, values);
            }
        }

        @Override
        public void close() {
            CsvSource.close(reader);
        }
    }
}
