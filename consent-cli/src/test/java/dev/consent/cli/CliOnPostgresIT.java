package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code java -jar consent-cli.jar --url} over a PostgreSQL server, when {@code -Dconsent.test.postgres.url}
 * names one (.ci/run does): a ledger under a table prefix of its own, written here, read by the jar; legacy and
 * processing-log tables under the same prefix, imported and audited by the jar.
 */
@EnabledIfSystemProperty(named = "consent.test.postgres.url", matches = ".+")
class CliOnPostgresIT {
    static final String URL = System.getProperty("consent.test.postgres.url", "");
    static final String PREFIX =
            "cli" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    /** A second ledger with the same records, which the import tests write to, so the counts above stay put. */
    static final String IMPORTS = PREFIX + "imports_";

    /** A third ledger with the same records, which the Merkle log test appends to. */
    static final String MERKLE = PREFIX + "merkle_";

    @BeforeAll
    static void writeTheLedgers() {
        writeALedger(PREFIX);
        writeALedger(IMPORTS);
        writeALedger(MERKLE);
    }

    static void writeALedger(String prefix) {
        try (JdbcConsentStore store = JdbcConsentStore.builder(Jdbi.create(URL))
                        .tablePrefix(prefix)
                        .build();
                ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Marketing e-mail")
                            .description("News and offers by e-mail.")
                            .legalBasis(LegalBasis.CONSENT)
                            .build());
            CollectionContext web = CollectionContext.of(Channel.WEB, "signup_form");
            consent.ledger().grant("user-1", "marketing.email", web);
            consent.ledger().grant("user-2", "marketing.email", web);
            consent.ledger().withdraw("user-2", "marketing.email", web);
        }
    }

    /** Drops the tables of this run's prefix, so a shared test database is left as it was. */
    @AfterAll
    static void dropTheLedger() {
        Jdbi.create(URL).useHandle(h -> {
            for (String table : h.createQuery("SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = current_schema() AND table_name LIKE :prefix")
                    .bind("prefix", PREFIX.replace("_", "\\_") + "%")
                    .mapTo(String.class)
                    .list()) {
                h.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        });
    }

    @Test
    void verifyStateAndReport_overTheUrl() throws Exception {
        CliProcess verify = CliProcess.run("--url", URL, "--prefix", PREFIX, "--json", "verify");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(verify.out());
        assertThat(v.get("subjects").asLong()).isEqualTo(2);
        assertThat(v.get("records").asLong()).isEqualTo(3);

        CliProcess state = CliProcess.run("--url", URL, "--prefix", PREFIX, "state", "user-2", "2100-01-01");
        assertThat(state.exit()).as(state.toString()).isZero();
        assertThat(state.out()).containsPattern("marketing.email +v1 +WITHDRAWN +no");

        CliProcess report = CliProcess.run("--url", URL, "--prefix", PREFIX, "report", "2000-01-01", "2100-01-01");
        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out()).containsPattern("marketing.email +1 +CONSENT +2 +0 +1");
    }

    /** The jar over the ledger the import tests write to. */
    static CliProcess cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", URL, "--prefix", IMPORTS));
        all.addAll(List.of(args));
        return CliProcess.run(all.toArray(String[]::new));
    }

    @Test
    void import_fromAQueryOnALegacyTable_once_withItsRejectedRowsNamed() throws Exception {
        String legacy = IMPORTS + "legacy";
        Instant t = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        Jdbi.create(URL).useHandle(h -> {
            h.execute("CREATE TABLE " + legacy + " (id INTEGER PRIMARY KEY, customer_id VARCHAR(20),"
                    + " topic VARCHAR(20), opted_in BOOLEAN, changed_at TIMESTAMPTZ)");
            PreparedBatch insert = h.prepareBatch("INSERT INTO " + legacy + " VALUES (?, ?, ?, ?, ?)");
            insert.add(1, "legacy-1", "email", true, t.atOffset(ZoneOffset.ofHours(2)));
            insert.add(2, "legacy-2", "email", false, t.atOffset(ZoneOffset.UTC));
            insert.add(3, "legacy-1", "email", false, t.plusSeconds(3600).atOffset(ZoneOffset.UTC));
            insert.add(4, "legacy-3", "fax", true, t.atOffset(ZoneOffset.UTC));
            insert.execute();
        });
        String[] args = {
            "import",
            "--query",
            "SELECT customer_id, topic AS purpose, opted_in AS granted, changed_at AS collected_at FROM " + legacy
                    + " ORDER BY id",
            "--column",
            "user_id=customer_id",
            "--name",
            "crm",
            "--map",
            "email=marketing.email:1",
            "--json"
        };

        CliProcess first = cli(args);

        assertThat(first.exit()).as(first.toString()).isEqualTo(Exit.FINDING);
        JsonNode report = new ObjectMapper().readTree(first.out());
        assertThat(report.get("recordsWritten").asLong()).isEqualTo(3);
        assertThat(report.get("rejected").get(0).get("row").asLong()).isEqualTo(4);
        assertThat(report.get("rejected").get(0).get("column").asText()).isEqualTo("purpose");
        assertThat(first.err()).contains("importing crm 4 rows; 3 written, 0 present, 1 rejected, done in");
        // a withdrawal, not a denial: the first row's grant is there
        assertThat(cli("state", "legacy-1", "2100-01-01").out()).containsPattern("marketing.email +v1 +WITHDRAWN");
        assertThat(cli("state", "legacy-2", "2100-01-01").out()).containsPattern("marketing.email +v1 +DENIED");

        List<String> again = new ArrayList<>(List.of(args));
        again.addAll(List.of("--source-url", URL));
        CliProcess second = cli(again.toArray(String[]::new));
        assertThat(second.exit()).as(second.toString()).isEqualTo(Exit.FINDING);
        JsonNode twice = new ObjectMapper().readTree(second.out());
        assertThat(twice.get("recordsWritten").asLong()).isZero();
        assertThat(twice.get("alreadyPresent").asLong()).isEqualTo(3);
    }

    @Test
    void import_aCsv_overTheUrl_thenDriftOverAQuery_findsTheWithdrawal() throws Exception {
        Path csv = Files.createTempFile("legacy", ".csv");
        Files.writeString(
                csv,
                "user_id,purpose,granted,collected_at\ncsv-1,email,true,"
                        + Instant.now().minus(Duration.ofDays(10)) + "\n");
        CliProcess imported = cli("import", csv.toString(), "--map", "email=marketing.email:1");
        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(imported.out()).containsPattern("records written +1");
        Files.delete(csv);

        String log = IMPORTS + "mail_log";
        Instant now = Instant.now();
        Jdbi.create(URL).useHandle(h -> {
            h.execute("CREATE TABLE " + log + " (subject VARCHAR(50), purpose VARCHAR(50), at TIMESTAMPTZ,"
                    + " system VARCHAR(50))");
            PreparedBatch insert = h.prepareBatch("INSERT INTO " + log + " VALUES (?, 'marketing.email', ?, ?)");
            insert.add("user-1", now.atOffset(ZoneOffset.UTC), "mailer");
            insert.add("user-2", now.atOffset(ZoneOffset.UTC), "mailer");
            insert.add("csv-1", now.atOffset(ZoneOffset.UTC), "crm");
            insert.execute();
        });

        CliProcess drift = cli("drift", "--query", "SELECT * FROM " + log + " ORDER BY subject");

        assertThat(drift.exit()).as(drift.toString()).isEqualTo(Exit.FINDING);
        assertThat(drift.out())
                .contains("3 events, 1 without a valid basis")
                .containsPattern("user-2 +marketing.email .* +mailer +CONSENT_WITHDRAWN +[0-9a-f-]{36}")
                .containsPattern("crm +1 +0");
        assertThat(drift.err()).contains("auditing the query 3 events read, 1 violation, done in");
        CliProcess clean = cli("drift", "--query", "SELECT * FROM " + log + " WHERE subject <> 'user-2'");
        assertThat(clean.exit()).as(clean.toString()).isZero();
        CliProcess wrong = cli("drift", "--query", "SELECT subject FROM " + log);
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(Exit.USAGE);
        assertThat(wrong.err()).contains("--query failed");
    }

    @Test
    void merkleLog_checkpointProveAppendVerifySince_overTheUrl() throws Exception {
        Path key = Files.createTempFile("signer", ".key");
        Files.delete(key);
        Path kept = Files.createTempFile("checkpoint", ".txt");
        Files.delete(kept);
        CliProcess keygen = CliProcess.run("keygen", "--name", "example.org/ledger", "--out", key.toString());
        assertThat(keygen.exit()).as(keygen.toString()).isZero();
        String verifierKey = keygen.out().lines().reduce((a, b) -> b).orElseThrow();
        String[] db = {"--url", URL, "--prefix", MERKLE};

        CliProcess checkpoint =
                CliProcess.run(concat(db, "checkpoint", "--signer-key", key.toString(), "--out", kept.toString()));
        assertThat(checkpoint.exit()).as(checkpoint.toString()).isZero();
        assertThat(checkpoint.out()).startsWith("example.org/ledger\n3\n");
        String second = Jdbi.create(URL)
                .withHandle(h -> h.createQuery("SELECT record_id FROM " + MERKLE + "record WHERE position = 2")
                        .mapTo(String.class)
                        .one());
        CliProcess prove =
                CliProcess.run(concat(db, "--json", "prove", second, kept.toString(), "--verifier-key", verifierKey));
        assertThat(prove.exit()).as(prove.toString()).isZero();
        JsonNode proof = new ObjectMapper().readTree(prove.out());
        assertThat(proof.get("verifies").asBoolean()).isTrue();
        assertThat(proof.get("leafIndex").asLong()).isEqualTo(1);
        assertThat(proof.get("checkpoint").get("signatureVerified").asBoolean()).isTrue();

        try (JdbcConsentStore store = JdbcConsentStore.builder(Jdbi.create(URL))
                        .tablePrefix(MERKLE)
                        .build();
                ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
            for (String subject : List.of("user-3", "user-4", "user-5")) {
                consent.ledger().grant(subject, "marketing.email", CollectionContext.of(Channel.WEB, "signup_form"));
            }
        }
        CliProcess verify =
                CliProcess.run(concat(db, "verify", "--since", kept.toString(), "--verifier-key", verifierKey));
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out())
                .contains("Read 6 records of a ledger of 6 positions", "OK: the ledger extends the checkpoint");
        Files.delete(key);
        Files.delete(kept);
    }

    static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @Test
    void aPrefixWithNoLedger_exitsThree_namingThePrefix() {
        CliProcess p = CliProcess.run("--url", URL, "--prefix", "nothing_here_", "verify");

        assertThat(p.exit()).as(p.toString()).isEqualTo(Exit.DATABASE);
        assertThat(p.err()).contains("--prefix", "nothing_here_");
    }
}
