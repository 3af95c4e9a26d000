package dev.consent.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
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
     * A checkpoint in the file {@code file}, for one source: it holds the row number, replaced atomically at
     * each save. A missing file is row 0.
     */
    static ImportCheckpoint file(Path file) {
        Objects.requireNonNull(file, "file");
        return new ImportCheckpoint() {
            @Override
            public synchronized long rowsDone(String source) {
                try {
                    return Files.exists(file)
                            ? Long.parseLong(Files.readString(file).trim())
                            : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public synchronized void save(String source, long row) {
                Path next = file.resolveSibling(file.getFileName() + ".next");
                try {
                    Files.writeString(next, Long.toString(row), StandardCharsets.UTF_8);
                    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
