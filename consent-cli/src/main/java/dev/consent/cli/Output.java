package dev.consent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Standard output for commands: indented JSON, aligned tables and lines. Not thread-safe. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    Output(PrintStream out) {
        this.out = out;
    }

    void line(String text) {
        out.println(text);
    }

    void text(String text) {
        out.print(text);
    }

    /** Prints JSON text (as the library writes it), indented. */
    void json(String json) {
        json(tree(json));
    }

    /** JSON text the library wrote, as a tree to print or to put in a larger object. */
    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the library wrote JSON that does not parse", e);
        }
    }

    void json(JsonNode json) {
        out.println(pretty(json));
    }

    /**
     * Prints text as UTF-8 whatever the encoding of standard output (in a C locale, ASCII): for signed notes,
     * whose signatures cover their UTF-8 bytes (the signature line starts with an em dash).
     */
    void utf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.flush();
        out.write(bytes, 0, bytes.length);
        out.flush();
    }

    /** Prints JSON text (as the library writes it), indented, as UTF-8 ({@link #utf8}). */
    void utf8Json(String json) {
        utf8(pretty(tree(json)) + System.lineSeparator());
    }

    private static String pretty(JsonNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A table to fill row by row and print; null cells print as "-". */
    Columns columns(String... header) {
        return new Columns(header);
    }

    /** Rows under a header, printed with every column as wide as its widest cell. */
    final class Columns {
        private final List<String[]> lines = new ArrayList<>();

        private Columns(String[] header) {
            lines.add(header.clone());
        }

        Columns add(Object... cells) {
            String[] line = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                line[i] = cells[i] == null ? "-" : cells[i].toString();
            }
            lines.add(line);
            return this;
        }

        void print() {
            int[] width = new int[lines.get(0).length];
            for (String[] line : lines) {
                for (int i = 0; i < line.length; i++) {
                    width[i] = Math.max(width[i], line[i].length());
                }
            }
            for (String[] line : lines) {
                StringBuilder s = new StringBuilder();
                for (int i = 0; i < line.length; i++) {
                    s.append(i == 0 ? "" : "  ").append(line[i]).append(" ".repeat(width[i] - line[i].length()));
                }
                out.println(s.toString().stripTrailing());
            }
        }
    }
}
