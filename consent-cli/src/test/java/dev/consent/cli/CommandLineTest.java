package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line of {@code import} and {@code drift} read in this JVM ({@link ConsentCli#run}) over an H2 file
 * with one purpose, for the many ways it can be wrong (each a usage error naming the option), and the progress
 * meter's two renderings. The end-to-end tests run the jar for what it does right.
 */
class CommandLineTest {
    @TempDir
    static Path dir;

    static String ledger;
    static Path csv;

    @BeforeAll
    static void aLedgerWithOnePurpose() throws Exception {
        ledger = dir.resolve("ledger").toString();
        try (JdbcConsentStore store = JdbcConsentStore.builder(Jdbi.create("jdbc:h2:file:" + ledger, "sa", ""))
                        .build();
                ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Newsletter")
                            .description("News by e-mail.")
                            .legalBasis(LegalBasis.CONSENT)
                            .build());
        }
        csv = Files.writeString(
                dir.resolve("legacy.csv"),
                "user_id,purpose,granted,collected_at\nu-1,news,true,2024-01-01T00:00:00Z\n");
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--h2", ledger));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConsentCli.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String usage(String... args) {
        Run r = run(args);
        assertThat(r.exit()).as(r.toString()).isEqualTo(Exit.USAGE);
        assertThat(r.out()).isEmpty();
        return r.err();
    }

    static String write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String[] importing(String... options) {
        List<String> all = new ArrayList<>(List.of("import", csv.toString(), "--map", "news=marketing.email:1"));
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

    @Test
    void import_wrongOptions_areUsageErrors_namingTheOption_andWriteNothing() {
        String before = run("--json", "verify").out();
        assertThat(usage("import", csv.toString())).contains("--map NAME=PURPOSE:VERSION is required");
        assertThat(usage("import", csv.toString(), "--map", "news"))
                .contains("--map news must be NAME=PURPOSE:VERSION");
        assertThat(usage("import", csv.toString(), "--map", "news=marketing.email:x"))
                .contains("VERSION must be a number");
        assertThat(usage("import", csv.toString(), "--map", "news=sales.call:1"))
                .contains("no purpose sales.call is defined; the purposes are marketing.email");
        assertThat(usage("import", csv.toString(), "--map", "news=marketing.email:2"))
                .contains("marketing.email has no version 2");
        assertThat(usage(importing("--map", "news=marketing.email:1"))).contains("news", "mapped already");
        assertThat(usage(importing("--batch", "10001"))).contains("--batch must be a number from 1 to 10000");
        assertThat(usage(importing("--batch", "1", "--batch", "2"))).contains("--batch given twice");
        assertThat(usage(importing("--zone", "Nowhere/Town"))).contains("--zone Nowhere/Town is not a time zone");
        assertThat(usage(importing("--column", "colour=x"))).contains("--column colour=x must be COLUMN=NAME");
        assertThat(usage(importing("--column", "user_id=a", "--column", "user_id=b")))
                .contains("--column user_id given twice");
        assertThat(usage(importing("--name", " "))).contains("--name must not be blank");
        assertThat(usage(importing("--source-url", "jdbc:h2:mem:x"))).contains("go with --query");
        assertThat(usage(importing("--query", "SELECT 1"))).contains("expected no arguments");
        assertThat(usage(importing(
                        "--checkpoint", dir.resolve("no/such/folder/cp").toString())))
                .contains("--checkpoint", "does not exist");
        assertThat(usage(importing("--checkpoint", write("nonsense.checkpoint", "resume.csv=two"))))
                .contains("is not a checkpoint this tool wrote");
        assertThat(usage("import", dir.resolve("absent.csv").toString(), "--map", "news=marketing.email:1"))
                .contains("absent.csv is not a readable file");
        assertThat(usage("import", "--query", "SELECT 1", "--source-user", "me", "--map", "news=marketing.email:1"))
                .contains("--source-user and --source-password go with --source-url");
        assertThat(run("--json", "verify").out()).isEqualTo(before);
    }

    @Test
    void import_aCsvWithAByteOrderMark_readsItsHeader() throws Exception {
        Path bom = Files.writeString(
                dir.resolve("bom.csv"),
                "\uFEFFuser_id,purpose,granted,collected_at\nu-bom,news,1,2024-01-01T00:00:00Z\n");

        Run r = run("import", bom.toString(), "--map", "news=marketing.email:1");

        assertThat(r.exit()).as(r.toString()).isEqualTo(Exit.OK);
        assertThat(r.out()).containsPattern("records written +1");
    }

    @Test
    void drift_wrongArguments_areUsageErrors() {
        assertThat(usage("drift")).contains("EVENTS.csv (or --query SQL)");
        assertThat(usage("drift", csv.toString(), "--query", "SELECT 1")).contains("expected no arguments");
        assertThat(usage("drift", dir.resolve("absent.csv").toString())).contains("absent.csv is not a readable file");
        assertThat(usage("drift", csv.toString()))
                .contains("the header must name the columns subject,purpose,at,system");
        assertThat(usage("drift", "--query", " ")).contains("--query must not be blank");
        assertThat(usage("drift", "--query", "SELECT * FROM nothing_here")).contains("--query failed on the ledger");
    }

    @Test
    void meter_notOnATerminal_printsATenthAtATime_andTheLastLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.Meter meter = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, false)
                .meter("importing x", 200, Long::toString);
        for (int i = 1; i <= 200; i++) {
            meter.update(i, "rows");
        }
        meter.done(200, "rows");

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("[##..................]  10% importing x 20/200 rows");
        assertThat(lines.get(10)).startsWith("[####################] 100% importing x 200/200 rows, done in");
    }

    @Test
    void meter_onATerminal_redrawsInPlace_andWithoutATotalSpins() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.Meter meter = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, true)
                .meter("auditing q", -1, n -> n + " events");
        meter.update(1, "read");
        meter.update(2, "read"); // within the redraw interval: not drawn
        meter.done(2, "read");

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .startsWith("\r\033[K| auditing q 1 events read\r\033[K* auditing q 2 events read, done in")
                .endsWith(System.lineSeparator());

        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        Progress.Meter broken = new Progress(new PrintStream(failed, true, StandardCharsets.UTF_8), true, true)
                .meter("importing y", 10, Long::toString);
        broken.update(3, "rows");
        broken.end();
        assertThat(failed.toString(StandardCharsets.UTF_8))
                .isEqualTo("\r\033[K[######..............]  30% importing y 3/10 rows" + System.lineSeparator());
    }
}
