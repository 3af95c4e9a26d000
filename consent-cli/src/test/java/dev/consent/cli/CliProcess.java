package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar consent-cli.jar} as a process, as a script would, and keeps what it printed. */
record CliProcess(int exit, String out, String err) {
    /** The shaded jar the build made (the end-to-end execution sets its path). */
    static Path jar() {
        Path jar = Path.of(System.getProperty("consent.cli.jar", "target/consent-cli.jar"));
        assertThat(jar)
                .as("the shaded jar: run mvn verify (the jar is made in package)")
                .exists();
        return jar;
    }

    static CliProcess run(String... args) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("consent-cli", ".out");
            Path err = Files.createTempFile("consent-cli", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(p.waitFor(2, TimeUnit.MINUTES))
                    .as("exited within 2 minutes")
                    .isTrue();
            CliProcess result = new CliProcess(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
