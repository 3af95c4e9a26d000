package dev.consent.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Prints rows in aligned columns under a header, for output a person reads. Not thread-safe. */
final class Table {
    private static final String INDENT = "  ";
    private static final String GAP = "  ";

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header.clone();
    }

    /** Adds a row; {@code null} cells print as "-". */
    Table row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("expected " + header.length + " cells, got " + cells.length);
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        line(out, header, width);
        String[] rule = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            char[] dashes = new char[width[i]];
            Arrays.fill(dashes, '-');
            rule[i] = new String(dashes);
        }
        line(out, rule, width);
        for (String[] row : rows) {
            line(out, row, width);
        }
    }

    private static void line(PrintStream out, String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder(INDENT);
        for (int i = 0; i < cells.length; i++) {
            sb.append(cells[i]);
            if (i < cells.length - 1) {
                sb.append(" ".repeat(width[i] - cells[i].length())).append(GAP);
            }
        }
        out.println(sb);
    }
}
