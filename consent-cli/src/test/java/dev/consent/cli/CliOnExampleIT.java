package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.examples.NewsletterExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar consent-cli.jar} over the H2 file the newsletter example writes, as a script runs it. */
class CliOnExampleIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static String file;

    @BeforeAll
    static void writeTheExample() {
        file = dir.resolve("newsletter").toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NewsletterExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), "--h2", file);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Done.");
    }

    static CliProcess cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--h2";
        all[1] = file;
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(all);
    }

    static JsonNode json(CliProcess p) throws Exception {
        assertThat(p.exit()).as(p.toString()).isZero();
        return JSON.readTree(p.out());
    }

    @Test
    void help_listsEveryCommandWithItsArguments_andTheExitCodes() {
        CliProcess p = CliProcess.run("--help");

        assertThat(p.exit()).as(p.toString()).isZero();
        for (Command c : Commands.ALL) {
            assertThat(p.out()).contains((c.name() + " " + c.synopsis()).strip());
            c.options().keySet().forEach(o -> assertThat(p.out()).contains(o));
        }
        assertThat(p.out()).contains("--url JDBC_URL", "--h2 FILE", "--json", "exit codes:", "3  the database");
    }

    @Test
    void verify_intactLedger_exitsZero_withProgressOnStandardErrorOnly() throws Exception {
        CliProcess p = cli("verify");

        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.out()).contains("OK: every chain is intact.").doesNotContain("verifying");
        assertThat(p.err()).contains("verifying every hash chain", "done in", "problems");
        JsonNode j = json(cli("--json", "verify"));
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("subjects").asLong()).isPositive();
        assertThat(j.get("records").asLong()).isGreaterThan(j.get("subjects").asLong());
    }

    @Test
    void state_export_tombstones_answerAsTablesAndJson() throws Exception {
        CliProcess table = cli("state", "alice", "2026-03-10T12:00:00Z");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).containsPattern("marketing.email +v1 +GRANTED +yes +CONSENT_GRANTED");

        JsonNode state = json(cli("state", "alice", "2026-03-10T12:00:00Z", "--json"));
        assertThat(state.get("subject").asText()).isEqualTo("alice");
        assertThat(state.get("purposes").findValuesAsText("status")).contains("GRANTED", "DENIED");

        JsonNode export = json(cli("--json", "export", "alice"));
        assertThat(export.toString()).contains("\"alice\"", "marketing.email");

        JsonNode tombstones = json(cli("--json", "tombstones"));
        assertThat(tombstones.toString()).contains("bob");
    }

    @Test
    void record_byTheIdAProofNames_showsItsFieldsAndHash_andAnUnknownIdIsAFinding() throws Exception {
        JsonNode state = json(cli("--json", "state", "alice", "2026-03-10T12:00:00Z"));
        String id = state.get("purposes").findValuesAsText("proofRecordId").stream()
                .filter(v -> !v.equals("null"))
                .findFirst()
                .orElseThrow();

        JsonNode record = json(cli("--json", "record", id));
        assertThat(record.get("found").asBoolean()).isTrue();
        assertThat(record.get("id").asText()).isEqualTo(id);
        assertThat(record.get("subject").asText()).isEqualTo("alice");
        assertThat(record.get("hash").asText()).matches("[0-9a-f]{64}");
        CliProcess table = cli("record", id);
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).contains("Record " + id).containsPattern("subject +alice");

        CliProcess unknown = cli("record", "00000000-0000-0000-0000-000000000000");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(Exit.FINDING);
        assertThat(unknown.out()).contains("No record 00000000-0000-0000-0000-000000000000");
        assertThat(cli("record", "not-an-id").exit()).isEqualTo(Exit.USAGE);
    }

    @Test
    void receipt_namesTheControllerOfTheFileGiven() throws Exception {
        Path controller = dir.resolve("controller.properties");
        Files.writeString(
                controller,
                "name=Example Ltd\ncontact=DPO\nstreet=1 Example Street\ncountry=IE\nemail=dpo@example.org\n"
                        + "phone=+353 1 555 0100\npolicyUrl=https://example.org/privacy\nservice=Newsletter\n"
                        + "jurisdiction=EU\n");
        JsonNode receipt =
                json(cli("--json", "receipt", "alice", "signup-1001", "--controller", controller.toString()));

        assertThat(receipt.toString()).contains("Example Ltd", "https://example.org/privacy", "marketing.email");
        assertThat(cli("receipt", "alice", "signup-1001").exit()).isEqualTo(Exit.USAGE);
    }

    @Test
    void report_byMonth_writesTheHtmlPage_withABarOnStandardError() throws Exception {
        Path html = dir.resolve("report.html");
        CliProcess p = cli("report", "2026-03-01", "2026-06-01", "--by", "month", "--html", html.toString());

        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.out()).contains("Transparency report [2026-05-01T00:00:00Z, 2026-06-01T00:00:00Z)");
        assertThat(p.err()).contains("100% periods 3/3");
        String page = Files.readString(html);
        assertThat(page).contains("data-chart=\"consent-rate\"", "data-chart=\"requests\"", "Newsletter by e-mail");
        assertThat(page.split("<rect class=\"bar\" data-series=\"granted\"", -1))
                .hasSize(4);

        JsonNode json = json(cli("--json", "--quiet", "report", "2026-03-01", "2026-06-01", "--by", "month"));
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(3);
    }

    @Test
    void requests_overdueExitsOne_onlyWhenThereAreSome() throws Exception {
        CliProcess overdue = cli("--json", "requests", "overdue");
        assertThat(overdue.exit()).as(overdue.toString()).isIn(Exit.OK, Exit.FINDING);
        assertThat(overdue.exit() == Exit.FINDING)
                .isEqualTo(!JSON.readTree(overdue.out()).isEmpty());

        JsonNode report = json(cli("--json", "requests", "report", "2026-04-01", "2026-05-01"));
        assertThat(report.get("kinds").get("ERASURE").get("received").asLong()).isPositive();
        JsonNode show = json(cli("--json", "request", "show", "dsr-2026-0002"));
        assertThat(show.get("events").size()).isGreaterThan(1);
        assertThat(json(cli("--json", "requests", "due", "30")).isArray()).isTrue();
    }

    @Test
    void badUsage_exitsTwo_sayingWhatIsWrong() {
        assertThat(cli("nonsense")).satisfies(p -> {
            assertThat(p.exit()).isEqualTo(Exit.USAGE);
            assertThat(p.err()).contains("unknown command nonsense", "--help");
        });
        assertThat(cli("state", "alice")).satisfies(p -> {
            assertThat(p.exit()).isEqualTo(Exit.USAGE);
            assertThat(p.err()).contains("SUBJECT INSTANT");
        });
        assertThat(cli("state", "alice", "yesterday").exit()).isEqualTo(Exit.USAGE);
        assertThat(cli("request", "show", "no-such-request").exit()).isEqualTo(Exit.USAGE);
        assertThat(CliProcess.run("verify").exit()).isEqualTo(Exit.USAGE);
    }

    @Test
    void databaseThatDoesNotAnswer_exitsThree_namingTheSetting() {
        CliProcess url = CliProcess.run("--url", "jdbc:postgresql://127.0.0.1:1/nothing", "verify");
        assertThat(url.exit()).as(url.toString()).isEqualTo(Exit.DATABASE);
        assertThat(url.err()).contains("--url jdbc:postgresql://127.0.0.1:1/nothing");

        CliProcess missing = CliProcess.run("--h2", dir.resolve("absent").toString(), "verify");
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(Exit.DATABASE);
        assertThat(missing.err()).contains("--h2 ");

        CliProcess prefix = cli("--prefix", "other_", "verify");
        assertThat(prefix.exit()).as(prefix.toString()).isEqualTo(Exit.DATABASE);
        assertThat(prefix.err()).contains("--prefix");
    }

    @Test
    void verify_damagedLedger_exitsOne_namingTheRecord() throws Exception {
        Path copy = dir.resolve("damaged.mv.db");
        Files.copy(Path.of(file + ".mv.db"), copy);
        String url = "jdbc:h2:file:" + dir.resolve("damaged");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement()
                    .executeUpdate("UPDATE consent_record SET jurisdiction = 'XX' WHERE subject = 'alice'"
                            + " AND subject_seq = 1");
        }

        CliProcess p = CliProcess.run("--h2", dir.resolve("damaged").toString(), "verify");

        assertThat(p.exit()).as(p.toString()).isEqualTo(Exit.FINDING);
        assertThat(p.out()).contains("DAMAGED", "alice");
    }
}
