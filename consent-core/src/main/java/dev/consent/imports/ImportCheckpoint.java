package dev.consent.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an import keeps how far it came, per source name: the number of the last row of the last batch it
 * finished. A re-run skips rows up to it. Only a shortcut: the import is idempotent without it. Implementations
 * must be thread-safe.
 */
public interface ImportCheckpoint {
    /** The last row done for {@code source}, 0 for none. */
    long rowsDone(String source);

    /**
     * Records that every row of {@code source} up to {@code row} is done.
     *
     * @throws UncheckedIOException if it could not be stored
     */
    void save(String source, long row);

    /** No checkpoint: every run reads every row. */
    static ImportCheckpoint none() {
        return new ImportCheckpoint() {
            @Override
            public long rowsDone(String source) {
                return 0;
            }

            @Override
            public void save(String source, long row) {}
        };
    }

    /** A checkpoint in memory, for tests and for several runs within one process. */
    static ImportCheckpoint inMemory() {
        Map<String, Long> done = new ConcurrentHashMap<>();
        return new ImportCheckpoint() {
            @Override
            public long rowsDone(String source) {
                return done.getOrDefault(source, 0L);
            }

            @Override
            public void save(String source, long row) {
                done.put(source, row);
            }
        };
    }

    /**
     * A checkpoint in the file {@code file}: per source name, the last row done, as a properties file
     * ({@code legacy.csv=5000}) replaced atomically at each save. A source the file does not name starts at row 0,
     * so one file may serve several sources and is never applied to the wrong one; a missing file has no rows done.
     *
     * @throws UncheckedIOException from {@link #rowsDone} and {@link #save} if the file cannot be read or written
     * @throws NumberFormatException from {@link #rowsDone} if the file's entry for the source is not a row number
     */
    static ImportCheckpoint file(Path file) {
        Objects.requireNonNull(file, "file");
        return new ImportCheckpoint() {
            @Override
            public synchronized long rowsDone(String source) {
                String row = read().getProperty(source);
                return row == null ? 0 : Long.parseLong(row.trim());
            }

            @Override
            public synchronized void save(String source, long row) {
                Properties rows = read();
                rows.setProperty(source, Long.toString(row));
                Path next = file.resolveSibling(file.getFileName() + ".next");
                try {
                    try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                        rows.store(out, "import checkpoint: the last row done per source; delete to import every row");
                    }
                    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not save the import checkpoint " + file, e);
                }
            }

            private Properties read() {
                Properties rows = new Properties();
                if (Files.exists(file)) {
                    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        rows.load(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not read the import checkpoint " + file, e);
                    }
                }
                return rows;
            }
        };
    }
}
