package dev.consent.cli;

import dev.consent.imports.ImportCheckpoint;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The checkpoint of {@code import --checkpoint FILE}: {@link ImportCheckpoint#file}, per source name (the CSV
 * file's name, or {@code --name}), checked before the import starts so that a wrong path or a file that is not a
 * checkpoint is a usage error, not a failure half-way.
 */
final class CheckpointFile {
    private CheckpointFile() {}

    /**
     * The checkpoint in {@code file}, checked to be usable.
     *
     * @throws UsageException naming {@code --checkpoint} if its folder is missing or the file is not a checkpoint
     */
    static ImportCheckpoint of(String file) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isDirectory(path.getParent())) {
            throw new UsageException("--checkpoint " + file + ": the folder " + path.getParent() + " does not exist");
        }
        if (Files.exists(path)) {
            try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                Properties rows = new Properties();
                rows.load(in);
                for (String source : rows.stringPropertyNames()) {
                    Long.parseLong(rows.getProperty(source).trim());
                }
            } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
                throw new UsageException("--checkpoint " + file + " is not a checkpoint this tool wrote: "
                        + e.getMessage() + " (delete it to import every row)");
            }
        }
        return ImportCheckpoint.file(path);
    }
}
