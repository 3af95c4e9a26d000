package dev.consent.testkit.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The counted outcome of one reliability run, written as one Markdown table row to
 * {@code target/reliability/<store>-<kind>.md} (the module's build directory, where the tests run), so that
 * {@code docs/reliability.md} can be assembled from a real run. Each run replaces its file. Not thread-safe:
 * fill it on the test's thread once the workers have finished.
 */
public final class Figures {
    /** Where the rows are written, relative to the module directory. */
    public static final Path DIRECTORY = Path.of("target", "reliability");

    private final String store;
    private final String kind;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> counts = new LinkedHashMap<>();

    /**
     * @param store the store's name, as the table names it (such as {@code memory} or {@code H2 file})
     * @param kind the suite (such as {@code concurrent-writers})
     */
    public Figures(String store, String kind) {
        this.store = store;
        this.kind = kind;
        parameters.put("scale", Reliability.scale());
    }

    /** Records a parameter of the run (threads, rounds, faults injected); returns this. */
    public Figures parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** Records a counted outcome; returns this. */
    public Figures count(String name, Object value) {
        counts.put(name, value);
        return this;
    }

    /** The recorded count, for assertions. */
    public Object get(String name) {
        return counts.get(name);
    }

    /** Writes the row (replacing an earlier run's) and prints it; returns the row. */
    public String write() {
        String row = "| " + store + " | " + kind + " | " + join(parameters) + " | " + join(counts) + " |";
        System.out.println("reliability figures: " + row);
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(
                    DIRECTORY.resolve(fileName()),
                    row + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return row;
    }

    private String fileName() {
        String slug =
                store.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug + "-" + kind + ".md";
    }

    private static String join(Map<String, Object> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
