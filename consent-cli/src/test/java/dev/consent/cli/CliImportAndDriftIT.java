package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.examples.NewsletterExample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} and {@code drift} of {@code java -jar consent-cli.jar} over an H2 file the newsletter example
 * wrote (a file of this class's own, since imports write to it): each test imports subjects of its own, so the
 * tests do not depend on their order. The example's story gives the drift audit known answers: alice withdrew
 * the newsletter on 2026-03-12, carol objected to analytics on 2026-04-07, dave never consented.
 */
class CliImportAndDriftIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HEADER =
            "user_id,purpose,granted,collected_at,ip_address,user_agent,policy_version,mechanism\n";
    static final String[] MAP = {"--map", "newsletter=marketing.email:1", "--map", "sms=marketing.sms:1"};

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
        List<String> all = new ArrayList<>(List.of("--h2", file));
        all.addAll(List.of(args));
        return CliProcess.run(all.toArray(String[]::new));
    }

    static CliProcess importing(Path csv, String... options) {
        List<String> all = new ArrayList<>(List.of("import", csv.toString()));
        all.addAll(List.of(MAP));
        all.addAll(List.of(options));
        return cli(all.toArray(String[]::new));
    }

    static JsonNode json(CliProcess p, int exit) throws IOException {
        assertThat(p.exit()).as(p.toString()).isEqualTo(exit);
        return JSON.readTree(p.out());
    }

    static Path csv(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The records in the ledger, as {@code verify} counts them. */
    static long records() throws IOException {
        return json(cli("--json", "--quiet", "verify"), Exit.OK).get("records").asLong();
    }

    static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "sa", "");
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void import_aCsv_writesEachRowOnce_andStateShowsTheOriginalTimes() throws Exception {
        Path legacy = csv(
                "legacy.csv",
                HEADER + "erin,newsletter,true,2026-03-20T10:00:00Z,198.51.100.4,Mozilla/5.0,pp-2026,checkbox\n"
                        + "frank,newsletter,false,2026-03-21 08:30:00,,,pp-2026,banner\n"
                        + "erin,sms,yes,2026-03-22T10:00:00Z,,,pp-2026,checkbox\n"
                        + "erin,newsletter,0,2026-04-01T10:00:00Z,,,pp-2026,unsubscribe-link\n");

        CliProcess first = importing(legacy);

        assertThat(first.exit()).as(first.toString()).isEqualTo(Exit.OK);
        assertThat(first.out())
                .containsPattern("records written +4")
                .containsPattern("rows rejected +0")
                .containsPattern("subjects +2")
                .containsPattern("newsletter +3 +3 +0 +0");
        assertThat(cli("state", "erin", "2026-03-25").out())
                .containsPattern("marketing.email +v1 +GRANTED +yes")
                .containsPattern("marketing.sms +v1 +GRANTED +yes");
        assertThat(cli("state", "erin", "2026-04-02").out()).containsPattern("marketing.email +v1 +WITHDRAWN +no");
        assertThat(cli("state", "frank", "2026-03-22").out()).containsPattern("marketing.email +v1 +DENIED +no");

        long records = records();
        JsonNode second = json(importing(legacy, "--json"), Exit.OK);

        assertThat(second.get("recordsWritten").asLong()).isZero();
        assertThat(second.get("alreadyPresent").asLong()).isEqualTo(4);
        assertThat(records()).isEqualTo(records);
    }

    @Test
    void import_anUnknownPurposeName_rejectsThatRow_namingRowAndColumn_andExitsOne() throws Exception {
        Path legacy = csv(
                "unknown-name.csv",
                HEADER + "gina,newsletter,true,2026-03-20T10:00:00Z,,,,\n"
                        + "gina,fax,true,2026-03-21T10:00:00Z,,,,\n");

        CliProcess table = importing(legacy);
        assertThat(table.exit()).as(table.toString()).isEqualTo(Exit.FINDING);
        assertThat(table.out()).containsPattern("2 +purpose +fax: is not a purpose name the mapping knows");

        JsonNode again = json(importing(legacy, "--json"), Exit.FINDING);
        assertThat(again.get("alreadyPresent").asLong()).isEqualTo(1);
        assertThat(again.get("rejected").get(0).get("row").asLong()).isEqualTo(2);
        assertThat(again.get("rejected").get(0).get("column").asText()).isEqualTo("purpose");
        assertThat(again.get("perPurpose").get("fax").get("rejected").asLong()).isEqualTo(1);
    }

    @Test
    void import_aCsvWithoutARequiredColumn_exitsTwo_namingIt_beforeWritingAnything() throws Exception {
        Path legacy = csv("no-granted.csv", "user_id,purpose,collected_at\nhank,newsletter,2026-03-20T10:00:00Z\n");
        long records = records();

        CliProcess p = importing(legacy);

        assertThat(p.exit()).as(p.toString()).isEqualTo(Exit.USAGE);
        assertThat(p.err()).contains("has no column granted", "usage: import");
        assertThat(records()).isEqualTo(records);
    }

    @Test
    void import_badOptions_exitTwo_namingTheOption_andWriteNothing() throws Exception {
        Path legacy = csv("options.csv", HEADER + "iris,newsletter,true,2026-03-20T10:00:00Z,,,,\n");

        CliProcess purpose = cli("import", legacy.toString(), "--map", "newsletter=marketing.fax:1");
        assertThat(purpose.exit()).as(purpose.toString()).isEqualTo(Exit.USAGE);
        assertThat(purpose.err()).contains("--map newsletter=marketing.fax:1: no purpose marketing.fax is defined");
        CliProcess absent = importing(dir.resolve("absent.csv"));
        assertThat(absent.exit()).as(absent.toString()).isEqualTo(Exit.USAGE);
        assertThat(absent.err()).contains("absent.csv is not a readable file");
        assertThat(cli("state", "iris", "2026-04-01").out()).containsPattern("marketing.email +v1 +NONE");
    }

    @Test
    void import_withACheckpoint_resumesAfterTheLastBatchDone() throws Exception {
        String rows = HEADER + "jack,newsletter,true,2026-03-20T10:00:00Z,,,,\n"
                + "kate,newsletter,true,2026-03-20T10:00:00Z,,,,\n";
        Path legacy = csv("resume.csv", rows);
        Path checkpoint = dir.resolve("resume.checkpoint");
        assertThat(importing(legacy, "--checkpoint", checkpoint.toString()).exit())
                .isZero();
        assertThat(Files.readString(checkpoint)).contains("resume.csv=2");
        // the file grows, as a legacy export does, or as it was when a crashed run had finished two rows
        Files.writeString(legacy, rows + "jack,newsletter,false,2026-03-25T10:00:00Z,,,,\n");

        JsonNode resumed = json(importing(legacy, "--checkpoint", checkpoint.toString(), "--json"), Exit.OK);

        assertThat(resumed.get("rowsSkipped").asLong()).isEqualTo(2);
        assertThat(resumed.get("recordsWritten").asLong()).isEqualTo(1);
        assertThat(Files.readString(checkpoint)).contains("resume.csv=3");
    }

    @Test
    void import_fromAQueryOnTheLedgersDatabase_withBooleansAndZonedTimes() throws Exception {
        sql(
                "CREATE TABLE crm_consent (id INT PRIMARY KEY, customer_id VARCHAR(20), topic VARCHAR(20),"
                        + " opted_in BOOLEAN, changed_at TIMESTAMP WITH TIME ZONE)",
                "INSERT INTO crm_consent VALUES (1, 'liam', 'newsletter', TRUE,"
                        + " TIMESTAMP WITH TIME ZONE '2026-03-25 10:00:00+01'),"
                        + " (2, 'mia', 'newsletter', FALSE, TIMESTAMP WITH TIME ZONE '2026-03-26 10:00:00Z')");
        String query = "SELECT id, customer_id, topic AS purpose, opted_in AS granted, changed_at AS collected_at"
                + " FROM crm_consent ORDER BY id";

        CliProcess first =
                cli("import", "--query", query, "--column", "user_id=Customer_Id", "--name", "crm", MAP[0], MAP[1]);

        assertThat(first.exit()).as(first.toString()).isEqualTo(Exit.OK);
        assertThat(first.out()).contains("Import of crm").containsPattern("records written +2");
        assertThat(first.err()).contains("importing crm 2", "done in");
        assertThat(cli("state", "liam", "2026-03-25T09:30:00Z").out()).containsPattern("marketing.email +v1 +GRANTED");
        JsonNode second = json(
                cli(
                        "--json",
                        "import",
                        "--query",
                        query,
                        "--column",
                        "user_id=customer_id",
                        "--name",
                        "crm",
                        MAP[0],
                        MAP[1]),
                Exit.OK);
        assertThat(second.get("recordsWritten").asLong()).isZero();
        assertThat(second.get("alreadyPresent").asLong()).isEqualTo(2);

        CliProcess missing = cli("import", "--query", "SELECT customer_id AS user_id FROM crm_consent", MAP[0], MAP[1]);
        assertThat(missing.exit()).as(missing.toString()).isEqualTo(Exit.USAGE);
        assertThat(missing.err()).contains("has no column purpose");
        CliProcess bad = cli("import", "--query", "SELECT * FROM no_such_table", MAP[0], MAP[1]);
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(Exit.USAGE);
        assertThat(bad.err()).contains("--query failed", "NO_SUCH_TABLE");
    }

    @Test
    void import_aSourceUrlThatDoesNotAnswer_exitsThree_namingIt() {
        CliProcess p = cli(
                "import",
                "--query",
                "SELECT 1",
                "--source-url",
                "jdbc:postgresql://127.0.0.1:1/legacy",
                MAP[0],
                MAP[1]);

        assertThat(p.exit()).as(p.toString()).isEqualTo(Exit.DATABASE);
        assertThat(p.err()).contains("--source-url jdbc:postgresql://127.0.0.1:1/legacy");
    }

    @Test
    void drift_findsTheKnownViolations_withTheirDecidingRecords_andExitsOne() throws Exception {
        Path events = csv(
                "events.csv",
                "subject,purpose,at,system\n"
                        + "alice,marketing.email,2026-03-05T09:00:00Z,mailer\n"
                        + "alice,marketing.email,2026-03-20T09:00:00Z,mailer\n"
                        + "alice,billing,2026-03-20T09:00:00Z,invoicing\n"
                        + "carol,analytics,2026-04-10T09:00:00Z,\"tracker, EU\"\n"
                        + "dave,marketing.email,2026-03-20T09:00:00Z,mailer\n");

        CliProcess table = cli("drift", events.toString());

        assertThat(table.exit()).as(table.toString()).isEqualTo(Exit.FINDING);
        assertThat(table.out())
                .contains("Drift audit of events.csv: 5 events, 3 without a valid basis")
                .containsPattern(
                        "2 +alice +marketing.email +2026-03-20T09:00:00Z +mailer +CONSENT_WITHDRAWN +[0-9a-f-]{36}")
                .containsPattern("4 +carol +analytics .* +tracker, EU +OBJECTED +[0-9a-f-]{36}")
                .containsPattern("5 +dave +marketing.email .* +NO_CONSENT +-")
                .containsPattern("marketing.email +3 +2")
                .containsPattern("invoicing +1 +0")
                .contains("VIOLATIONS: 3 events without a valid basis.");
        assertThat(table.err()).contains("100% auditing events.csv", "5 events, 3 violations");

        JsonNode json = json(cli("--json", "drift", events.toString()), Exit.FINDING);
        assertThat(json.get("violationCount").asLong()).isEqualTo(3);
        assertThat(json.get("bySystem").get("mailer").get("violations").asLong())
                .isEqualTo(2);
        JsonNode withdrawal = json.get("violations").get(0);
        assertThat(withdrawal.get("reason").asText()).isEqualTo("CONSENT_WITHDRAWN");
        JsonNode record =
                json(cli("--json", "record", withdrawal.get("recordId").asText()), Exit.OK);
        assertThat(record.toString()).contains("\"WITHDRAWN\"", "\"alice\"");

        Path clean = csv("clean.csv", "subject,purpose,at,system\nalice,marketing.email,2026-03-05T09:00:00Z,mailer\n");
        CliProcess ok = cli("drift", clean.toString());
        assertThat(ok.exit()).as(ok.toString()).isEqualTo(Exit.OK);
        assertThat(ok.out()).contains("OK: every event had a valid basis at its instant.");
    }

    @Test
    void drift_overAQuery_andAMalformedLog_namingLineAndColumn() throws Exception {
        sql(
                "CREATE TABLE mail_log (\"subject\" VARCHAR(50), \"purpose\" VARCHAR(50),"
                        + " \"at\" TIMESTAMP WITH TIME ZONE, \"system\" VARCHAR(50))",
                "INSERT INTO mail_log VALUES ('alice', 'marketing.email',"
                        + " TIMESTAMP WITH TIME ZONE '2026-03-20 09:00:00Z', 'mailer')");

        JsonNode json =
                json(cli("--json", "drift", "--query", "SELECT * FROM mail_log ORDER BY \"subject\""), Exit.FINDING);
        assertThat(json.get("violations").get(0).get("reason").asText()).isEqualTo("CONSENT_WITHDRAWN");

        Path malformed = csv("malformed.csv", "subject,purpose,at,system\nalice,marketing.email,yesterday,mailer\n");
        CliProcess bad = cli("drift", malformed.toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(Exit.USAGE);
        assertThat(bad.err()).contains("line 2", "yesterday");
    }

    @Test
    void progress_notOnATerminal_isLinesOnStandardErrorOnly() throws Exception {
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 50; i++) {
            rows.append("bulk-").append(i).append(",newsletter,true,2026-03-20T10:00:00Z,,,,\n");
        }
        CliProcess p = importing(csv("bulk.csv", rows.toString()));

        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.err())
                .contains("counting the rows of bulk.csv: done in", "50 rows")
                .contains("[##########..........]  50% importing bulk.csv 25/50 rows;")
                .contains(
                        "[####################] 100% importing bulk.csv 50/50 rows; 50 written, 0 present, 0 rejected,"
                                + " done in")
                .doesNotContain("\r");
        assertThat(p.err().lines().filter(l -> l.contains("% importing bulk.csv")))
                .hasSizeBetween(2, 11);
        assertThat(p.out()).doesNotContain("importing bulk.csv").startsWith("Import of bulk.csv");
        assertThat(importing(csv("bulk.csv", rows.toString()), "--quiet").err()).isEmpty();
    }

    @Test
    void progress_onATerminal_redrawsTheBarInPlace() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assumeThat(Files.isExecutable(script))
                .as("util-linux script is missing (%s): the terminal rendering is not tested", script)
                .isTrue();
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 0; i < 2_000; i++) {
            rows.append("term-").append(i).append(",newsletter,true,2026-03-20T10:00:00Z,,,,\n");
        }
        Path legacy = csv("terminal.csv", rows.toString());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                CliProcess.jar().toString(),
                "--h2",
                file,
                "import",
                legacy.toString(),
                "--batch",
                "100"));
        command.addAll(List.of(MAP));
        String line = String.join(
                " ", command.stream().map(CliImportAndDriftIT::quoted).toList());
        Path out = dir.resolve("terminal.out");

        Process p = new ProcessBuilder(script.toString(), "-qec", line, "/dev/null")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();

        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("exited within 2 minutes").isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        String screen = Files.readString(out);
        long redraws = Pattern.compile("\r\033\\[K\\[[#.]{20}\\] +\\d+% importing terminal.csv")
                .matcher(screen)
                .results()
                .count();
        assertThat(redraws).as(screen).isGreaterThanOrEqualTo(2);
        assertThat(screen)
                .contains("\r\033[K[####################] 100% importing terminal.csv 2000/2000 rows; 2000 written")
                .contains("Import of terminal.csv");
    }

    /** {@code text} as one word of a POSIX shell command line. */
    static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
