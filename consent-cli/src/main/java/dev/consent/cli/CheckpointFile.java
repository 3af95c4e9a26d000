package dev.consent.cli;

import dev.consent.imports.ImportCheckpoint;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The checkpoint of {@code import --checkpoint FILE}: per source name (the CSV file's name, or {@code --name}), the
 * last row of the last batch written, in a properties file replaced atomically at each save. A source the file
 * does not name starts at row 0, so one file may serve several sources and is never applied to the wrong one.
 * A missing file is a checkpoint with no rows done. Thread-safe.
 */
final class CheckpointFile implements ImportCheckpoint {
    private final Path file;

    private CheckpointFile(Path file) {
        this.file = file;
    }

    /**
     * The checkpoint in {@code file}, checked to be usable.
     *
     * @throws UsageException naming {@code --checkpoint} if its folder is missing or the file is not a checkpoint
     */
    static CheckpointFile of(String file) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isDirectory(path.getParent())) {
            throw new UsageException("--checkpoint " + file + ": the folder " + path.getParent() + " does not exist");
        }
        CheckpointFile checkpoint = new CheckpointFile(path);
        if (Files.exists(path)) {
            try {
                Properties rows = checkpoint.read();
                for (String source : rows.stringPropertyNames()) {
                    Long.parseLong(rows.getProperty(source));
                }
            } catch (UncheckedIOException | IllegalArgumentException e) {
                throw new UsageException("--checkpoint " + file + " is not a checkpoint this tool wrote: "
                        + e.getMessage() + " (delete it to import every row)");
            }
        }
        return checkpoint;
    }

    @Override
    public synchronized long rowsDone(String source) {
        String row = read().getProperty(source);
        return row == null ? 0 : Long.parseLong(row);
    }

    @Override
    public synchronized void save(String source, long row) {
        Properties rows = read();
        rows.setProperty(source, Long.toString(row));
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                rows.store(out, "consent-cli import: the last row done per source; delete to import every row");
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the checkpoint " + file, e);
        }
    }

    private Properties read() {
        Properties rows = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                rows.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the checkpoint " + file, e);
            }
        }
        return rows;
    }
}
