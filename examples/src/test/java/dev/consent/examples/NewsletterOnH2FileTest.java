package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's H2 switch: the first run writes the story to a file, a second run finds it there, intact. */
class NewsletterOnH2FileTest {
    @TempDir
    Path dir;

    @Test
    void firstRunTellsTheStory_secondRunFindsItInTheFile_andVerifies() {
        Path file = dir.resolve("newsletter");

        String first = run("--h2", file.toString());
        assertThat(first)
                .contains(
                        "the store is the H2 database",
                        "Step 10. Verify the ledger",
                        "Result: OK, the ledger is intact.")
                .endsWith("Done." + System.lineSeparator());
        assertThat(Files.exists(dir.resolve("newsletter.mv.db"))).isTrue();

        String second = run("--h2", file.toString());
        assertThat(second)
                .contains("Step 1. Reopen the ledger written by an earlier run", "Result: OK, the ledger is intact.")
                .doesNotContain("Step 3.");
        assertThat(second).contains("The database file already holds 9 records.");
        assertThat(second).containsPattern("alice +3 +WITHDRAWN +DENIED +NONE");
        assertThat(second).containsPattern("carol +3 +GRANTED +GRANTED +OBJECTED");
        assertThat(second).containsPattern("dave +0 +NONE +NONE +NONE");
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            NewsletterExample.run(out, args);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
