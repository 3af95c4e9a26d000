package dev.consent.merkle;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Objects;

/**
 * A place outside the database where a {@link CheckpointPublisher} puts signed checkpoints, so that copies exist
 * that a database administrator cannot reach: a directory (on another machine's share, a write-once bucket's
 * mount), an HTTP endpoint, or anything an application writes itself (a message topic, a transparency log, a
 * partner's inbox). A sink is called from the publisher's thread only.
 */
@FunctionalInterface
public interface CheckpointSink {
    /**
     * Puts the checkpoint where it belongs; returns once it is there.
     *
     * @throws Exception if it could not; the publisher logs it, counts it and tries again at its next run
     */
    void publish(SignedCheckpoint checkpoint) throws Exception;

    /**
     * Writes each checkpoint to {@code directory} as {@code checkpoint-<size>.txt} (the signed note's text) and
     * replaces {@code checkpoint.latest} with it, each through a temporary file moved into place, so a reader
     * never sees half a note. Earlier files are kept: they are the history an auditor checks consistency against.
     *
     * @param directory an existing, writable directory
     */
    static CheckpointSink directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new dev.consent.InvalidInputException("directory", directory, "is not an existing directory");
        }
        return checkpoint -> {
            String text = checkpoint.toString();
            write(directory, "checkpoint-" + checkpoint.size() + ".txt", text);
            write(directory, "checkpoint.latest", text);
        };
    }

    private static void write(Path directory, String name, String text) throws IOException {
        Path tmp = Files.createTempFile(directory, ".checkpoint-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(
                        tmp,
                        directory.resolve(name),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * POSTs each checkpoint's signed note to {@code endpoint} as {@code text/plain; charset=utf-8}, with the
     * header {@code Checkpoint-Size} for a receiver that deduplicates; any status but 2xx is a failure.
     *
     * @param endpoint an http or https URL
     * @param timeout the bound on connecting and on the answer
     */
    static CheckpointSink webhook(URI endpoint, Duration timeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = endpoint.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new dev.consent.InvalidInputException("endpoint", endpoint, "must be an http or https URL");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new dev.consent.InvalidInputException("timeout", timeout, "must be positive");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        return checkpoint -> {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(timeout)
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .header("Checkpoint-Size", Long.toString(checkpoint.size()))
                    .POST(HttpRequest.BodyPublishers.ofString(checkpoint.toString(), StandardCharsets.UTF_8))
                    .build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(endpoint + " answered " + response.statusCode() + " to the checkpoint of size "
                        + checkpoint.size());
            }
        };
    }
}
