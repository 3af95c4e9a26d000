package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Tombstone;
import dev.consent.TransparencyReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit mode over the H2 file a normal run of the example wrote: what a data-protection officer reads. */
class AuditModeTest {
    @TempDir
    static Path dir;

    static String file;

    @BeforeAll
    static void writeTheStory() {
        file = dir.resolve("newsletter").toString();
        assertThat(run("--h2", file)).contains("Result: OK, the ledger is intact.");
    }

    @Test
    void state_showsEachPurposeWithItsProvingRecord_andTheChain() {
        String s = run("--h2", file, "audit", "state", "alice", "2026-03-10T12:00:00Z");

        assertThat(s).startsWith("State of alice at 2026-03-10T12:00:00Z (2026-03-10 12:00 UTC)");
        assertThat(s).contains("Lifecycle: none");
        assertThat(s).containsPattern("marketing.email +v1 +GRANTED +yes +CONSENT_GRANTED +[0-9a-f-]{36}");
        assertThat(s).containsPattern("marketing.sms +v1 +DENIED +no +CONSENT_DENIED");
        assertThat(s).containsPattern("analytics +v1 +NONE +yes +NO_OBJECTION +-");
        assertThat(s).contains("Proof for marketing.email: \"Newsletter by e-mail\", v1:");
        assertThat(s)
                .containsPattern("collection point +signup_form_v3")
                .containsPattern("interaction +signup-1001")
                .containsPattern("hash +[0-9a-f]{64}");
        assertThat(s).contains("Chain of alice: 3 records, intact.");
    }

    @Test
    void state_ofAnErasedSubject_namesTheErasure() {
        String s = run("--h2", file, "audit", "state", "bob", "2026-04-09");

        assertThat(s).contains("Lifecycle: SUBJECT_ERASED at 2026-04-08T09:00:00Z");
        assertThat(s).containsPattern("marketing.email +v1 +DENIED +no +SUBJECT_ERASED");
    }

    @Test
    void state_asJson() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(run("--h2", file, "audit", "state", "alice", "2026-03-10T12:00:00Z", "--json"));

        assertThat(json.get("subject").asText()).isEqualTo("alice");
        JsonNode email = json.get("purposes").get(2);
        assertThat(email.get("purpose").asText()).isEqualTo("marketing.email");
        assertThat(email.get("status").asText()).isEqualTo("GRANTED");
        assertThat(email.get("proof").get("collectionPoint").asText()).isEqualTo("signup_form_v3");
        assertThat(email.get("proof").get("hash").asText()).hasSize(64);
    }

    @Test
    void report_printsATable_andJsonThatReadsBack() {
        String s = run("--h2", file, "audit", "report", "2026-03-01", "2026-05-01");

        assertThat(s).contains("Transparency report [2026-03-01T00:00:00Z, 2026-05-01T00:00:00Z)");
        //                                    v  basis    granted denied withdrawn obj objwd active expired reconsent
        // asked
        assertThat(s).containsPattern("marketing.email +1 +CONSENT +2 +1 +1 +0 +0 +1 +0 +0 +2 +50.0%");
        assertThat(s).containsPattern("analytics +1 +LEGITIMATE_INTEREST +0 +0 +0 +1 +0 +0 +0 +0 +0 +-");
        assertThat(s).contains("subjects erased in the period: 1");

        TransparencyReport json =
                TransparencyReport.fromJson(run("--h2", file, "audit", "report", "2026-03-01", "2026-05-01", "--json"));
        assertThat(json.find("marketing.email").orElseThrow().activeAtEnd()).isEqualTo(1);
        assertThat(json.erasures()).isEqualTo(1);
    }

    @Test
    void verify_reportsAnIntactLedger() throws Exception {
        String s = run("--h2", file, "audit", "verify");
        assertThat(s).containsPattern("3 +9 +0").contains("Result: OK, the ledger is intact.");

        JsonNode json = new ObjectMapper().readTree(run("--h2", file, "audit", "verify", "--json"));
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("records").asLong()).isEqualTo(9);
    }

    @Test
    void tombstones_listBob() {
        String s = run("--h2", file, "audit", "tombstones");
        assertThat(s).startsWith("1 erased subject").containsPattern("bob +2026-04-08T09:00:00Z +9");

        assertThat(Tombstone.fromJson(run("--h2", file, "audit", "tombstones", "--json")))
                .extracting(Tombstone::subject)
                .containsExactly("bob");
    }

    @Test
    void request_show_listsEveryEvent_withTheRetriedStep() throws Exception {
        String s = run("--h2", file, "audit", "request", "show", "dsr-2026-0002");

        assertThat(s).startsWith("Request dsr-2026-0002: ERASURE of bob (EU, by EMAIL), COMPLETED");
        assertThat(s).contains("received 2026-04-08, due 2026-05-08, answered 2026-04-08 in time");
        assertThat(s).containsPattern("STEP_FAILED +dpo +.*step=erase:customer-db");
        assertThat(s).containsPattern("STEP_SUCCEEDED +dpo +.*step=erase:consent-ledger");
        JsonNode json =
                new ObjectMapper().readTree(run("--h2", file, "audit", "request", "show", "dsr-2026-0002", "--json"));
        assertThat(json.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(json.get("events").get(0).get("type").asText()).isEqualTo("RECEIVED");
        assertThat(json.get("events").get(0).at("/details/evidence.message-id").asText())
                .isEqualTo("<erase-bob@example.org>");
    }

    @Test
    void requests_dueAndOverdue_areEmpty_onceBothRequestsAreAnswered() throws Exception {
        assertThat(run("--h2", file, "audit", "requests", "overdue")).startsWith("0 overdue requests (today is ");
        assertThat(run("--h2", file, "audit", "requests", "due", "30"))
                .startsWith("0 open requests due within 30 days");
        assertThat(new ObjectMapper().readTree(run("--h2", file, "audit", "requests", "due", "--json")))
                .isEmpty();
    }

    @Test
    void requests_report_countsTheAccessAndTheErasure_answeredInTime() throws Exception {
        String s = run("--h2", file, "audit", "requests", "report", "2026-04-01", "2026-05-01");

        assertThat(s).containsPattern("ACCESS +1 +1 +0 +0 +0 +1 +0 +0 +0.0 +0.0");
        assertThat(s).containsPattern("ERASURE +1 +1 +0 +0 +0 +1 +0 +0 +0.0 +0.0");
        JsonNode json = new ObjectMapper()
                .readTree(run("--h2", file, "audit", "requests", "report", "2026-04-01", "2026-05-01", "--json"));
        assertThat(json.at("/kinds/ERASURE/answeredInTime").asLong()).isEqualTo(1);
        assertThat(json.at("/kinds/OBJECTION/received").asLong()).isZero();
    }

    @Test
    void requestCommands_withBadArguments_explainTheUsage() {
        assertThatThrownBy(() -> run("--h2", file, "audit", "request", "show", "dsr-404"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dsr-404")
                .hasMessageContaining("not a known request");
        assertThatThrownBy(() -> run("--h2", file, "audit", "requests", "due", "soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DAYS");
        assertThatThrownBy(() -> run("--h2", file, "audit", "requests", "pending"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("due [DAYS], overdue, or report FROM TO");
    }

    @Test
    void badCommandsAndArguments_explainTheUsage() {
        assertThatThrownBy(() -> run("--h2", file, "audit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no audit command given")
                .hasMessageContaining("usage: --h2 FILE audit");
        assertThatThrownBy(() -> run("--h2", file, "audit", "shred"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown audit command shred")
                .hasMessageContaining("tombstones");
        assertThatThrownBy(() -> run("--h2", file, "audit", "report", "2026-05-01", "2026-03-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("to: must be after from");
        assertThatThrownBy(() -> run("--h2", file, "audit", "state", "alice", "yesterday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INSTANT");
        assertThatThrownBy(() -> run("--h2", file, "audit", "state", "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SUBJECT INSTANT");
        assertThatThrownBy(() -> run("--h2", dir.resolve("missing").toString(), "audit", "verify"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot open the ledger");
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            NewsletterExample.run(out, args);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void export_listsState_history_withEvidence_andTheTextsShown() {
        String s = run("--h2", file, "audit", "export", "alice");

        assertThat(s).startsWith("Access export of alice, made ");
        assertThat(s)
                .contains("Erased: no")
                .containsPattern("marketing.email +v1 +CONSENT +WITHDRAWN +no +CONSENT_WITHDRAWN");
        assertThat(s)
                .containsPattern("1 +2026-03-02T09:05:00Z +GRANTED +marketing.email v1 +signup_form_v3 +WEB"
                        + " +signup-1001 +IP 203.0.113.10; UA Mozilla");
        assertThat(s).contains("Texts shown:").contains("marketing.email v1 \"Newsletter by e-mail\"");
    }

    @Test
    void export_ofAnErasedSubject_keepsTheDecisions_withoutEvidence() throws Exception {
        String s = run("--h2", file, "audit", "export", "bob");
        assertThat(s).contains("Erased: yes").contains("SUBJECT_ERASED");

        dev.consent.AccessExport json =
                dev.consent.AccessExport.fromJson(run("--h2", file, "audit", "export", "bob", "--json"));
        assertThat(json.erased()).isTrue();
        assertThat(json.history())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.evidence()).isNull());
    }

    @Test
    void receipt_ofAnInteraction_namesTheControllerAndEachPurposeDecided() throws Exception {
        String s = run("--h2", file, "audit", "receipt", "alice", "signup-1001");

        assertThat(s)
                .contains("(KI-CR-v1.1.0)")
                .containsPattern("controller +Example Newsletter Ltd")
                .containsPattern("interaction +signup-1001")
                .containsPattern("marketing.email v1 +GRANTED +EXPLICIT")
                .contains("Unsigned");
        JsonNode json =
                new ObjectMapper().readTree(run("--h2", file, "audit", "receipt", "alice", "signup-1001", "--json"));
        assertThat(json.get("piiPrincipalId").asText()).isEqualTo("alice");
        assertThat(json.get("services").get(0).get("purposes")).isNotEmpty();
        assertThatThrownBy(() -> run("--h2", file, "audit", "receipt", "alice", "no-such-interaction"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interactionId");
    }
}
