package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this test's class path, for the crash suites: started with a main class and arguments, it
 * prints {@code ready} when it is about to work, and is killed with SIGKILL.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** Starts {@code main} with {@code args}, its output piped to the caller; quick to start (C1, serial GC). */
    static Process start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    /**
     * Waits up to a minute for the child's {@code ready} line, then drains its output on a daemon thread.
     *
     * @throws AssertionError with what the child printed, if it ends or prints something else for a minute
     */
    static void awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("ready")) {
                Thread drain = new Thread(
                        () -> {
                            try {
                                child.getInputStream().transferTo(OutputStream.nullOutputStream());
                            } catch (IOException e) {
                                // the child is gone
                            }
                        },
                        "child-jvm-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            seen.append(line).append('\n');
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError("the child did not start (exit " + child.waitFor() + "):\n" + seen);
    }

    /** Kills the child with SIGKILL (on POSIX systems) and checks that it ended. */
    static void kill(Process child) throws InterruptedException {
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child ended").isTrue();
    }
}
