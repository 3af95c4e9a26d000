package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the newsletter example and checks what it tells its reader. */
class NewsletterExampleTest {
    private static String output;

    @BeforeAll
    static void runExample() {
        output = capture();
    }

    private static String capture() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            NewsletterExample.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hasTenStepsAndFinishes() {
        for (int n = 1; n <= 10; n++) {
            assertThat(output).contains("\nStep " + n + ". ");
        }
        assertThat(output).doesNotContain("Step 11.").endsWith("Done." + System.lineSeparator());
    }

    @Test
    void definesThePurposesWithTheirBasesAndAFingerprint() {
        String s = section(1);
        assertThat(cells(row(s, "marketing.email")))
                .containsExactly(
                        "marketing.email", "v1", "CONSENT", "13 months", "newsletter-provider", "Newsletter by e-mail");
        assertThat(cells(row(s, "analytics"))).contains("LEGITIMATE_INTEREST");
        assertThat(cells(row(s, "billing"))).contains("CONTRACT");
        assertThat(s).containsPattern("Registry fingerprint: [0-9a-f]{64}\\R");
    }

    @Test
    void recordsOneInteractionPerSignUp() {
        String s = section(2);
        assertThat(cells(row(s, "alice")))
                .containsExactly("alice", "2026-03-02 09:05 UTC", "signup-1001", "GRANTED", "DENIED", "1-2");
        assertThat(cells(row(s, "bob")))
                .containsExactly("bob", "2026-03-02 09:12 UTC", "signup-1002", "DENIED", "DENIED", "3-4");
        assertThat(cells(row(s, "carol")))
                .containsExactly("carol", "2026-03-02 09:20 UTC", "signup-1003", "GRANTED", "GRANTED", "5-6");
    }

    @Test
    void firstNewsletterGoesToAliceAndCarolOnly() {
        String s = section(3);
        assertThat(cells(row(s, "alice"))).startsWith("alice", "send", "CONSENT_GRANTED", "v1");
        assertThat(cells(row(s, "alice")).get(4)).matches("[0-9a-f]{8}");
        assertThat(cells(row(s, "bob"))).startsWith("bob", "skip", "CONSENT_DENIED");
        assertThat(cells(row(s, "carol"))).startsWith("carol", "send", "CONSENT_GRANTED");
        assertThat(cells(row(s, "dave"))).containsExactly("dave", "skip", "NO_CONSENT", "v1", "-");
        assertThat(s).contains("Sent to 2 of 4: alice, carol");
    }

    @Test
    void afterHerWithdrawalAliceIsSkippedAtOnceAndInTheNextRun() {
        String s = section(4);
        assertThat(s).contains("require(alice, marketing.email) threw ProcessingDeniedException: CONSENT_WITHDRAWN");
        assertThat(cells(row(s, "alice"))).startsWith("alice", "skip", "CONSENT_WITHDRAWN", "v1");
        assertThat(cells(row(s, "bob"))).startsWith("bob", "skip", "CONSENT_DENIED");
        assertThat(cells(row(s, "carol"))).startsWith("carol", "send", "CONSENT_GRANTED");
        assertThat(s).contains("Sent to 1 of 4: carol");
    }

    @Test
    void bobIsNeverSent() {
        assertThat(output).doesNotContainPattern("(?m)^\\s+bob\\s+send");
        assertThat(output).doesNotContainPattern("Sent to .*bob");
    }

    @Test
    void theObjectionFlipsAnalytics() {
        String s = section(5);
        assertThat(cells(row(s, "before the objection")))
                .startsWith("before the objection", "carol", "analytics", "yes", "NO_OBJECTION");
        assertThat(cells(row(s, "after the objection")))
                .startsWith("after the objection", "carol", "analytics", "no", "OBJECTED");
        assertThat(cells(row(s, "after the objection")).get(5)).matches("[0-9a-f]{8}");
    }

    @Test
    void billingIsAllowedForEveryoneUnderContract() {
        String s = section(6);
        for (String subject : NewsletterExample.MAILING_LIST) {
            assertThat(cells(row(s, subject)))
                    .containsExactly(subject, "billing", "yes", "LEGAL_BASIS_NOT_CONSENT", "CONTRACT");
        }
    }

    @Test
    void thePastStateShowsAliceGrantedWithTheSignUpProof() {
        String s = section(7);
        assertThat(s).contains("What had alice agreed to on 2026-03-10 12:00 UTC?");
        assertThat(cells(row(s, "marketing.email"))).startsWith("marketing.email", "v1", "GRANTED", "CONSENT_GRANTED");
        String proof = s.substring(s.indexOf("Proof for marketing.email:"), s.indexOf("Proof for marketing.sms:"));
        assertThat(cells(row(proof, "action"))).containsExactly("action", "GRANTED");
        assertThat(cells(row(proof, "purpose"))).containsExactly("purpose", "marketing.email v1");
        assertThat(cells(row(proof, "title shown"))).containsExactly("title shown", "Newsletter by e-mail");
        assertThat(cells(row(proof, "time"))).containsExactly("time", "2026-03-02 09:05 UTC");
        assertThat(cells(row(proof, "collection point"))).containsExactly("collection point", "signup_form_v3");
        assertThat(cells(row(proof, "channel"))).containsExactly("channel", "WEB");
        assertThat(cells(row(proof, "notice version"))).containsExactly("notice version", "privacy-notice-2026-01");
        assertThat(cells(row(proof, "jurisdiction"))).containsExactly("jurisdiction", "EU");
        assertThat(cells(row(proof, "record id")).get(1))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(s)
                .contains("marketing.email is WITHDRAWN since 2026-03-12 21:14 UTC, via newsletter_unsubscribe_link");
    }

    @Test
    void bobsAccessRequest_isAnsweredWithOnePackage_fromTheLedgerAndBothSystems() {
        String s = section(8);
        assertThat(s).contains("bob asks what the shop holds on him");
        assertThat(s).contains("Request dsr-2026-0001 received 2026-04-07, due 2026-05-07 (30 days)");
        assertThat(cells(row(s, "ledger records"))).containsExactly("ledger records", "2");
        assertThat(cells(row(s, "source customer-db"))).containsExactly("source customer-db", "3");
        assertThat(cells(row(s, "source newsletter-archive"))).containsExactly("source newsletter-archive", "1");
        assertThat(cells(row(s, "sources that failed"))).containsExactly("sources that failed", "0");
        assertThat(s).contains("The request is COMPLETED after 0 days");
    }

    @Test
    void bobsErasureRequest_retriesTheCustomerDatabase_thenErasesInOrder_andTheLedgerLast() {
        String s = section(9);
        assertThat(s).contains("bob asks to be erased");
        assertThat(s).containsPattern("STEP_FAILED +dpo +erase:customer-db +1 +java.io.IOException");
        assertThat(s).containsPattern("STEP_SUCCEEDED +dpo +erase:customer-db +2 +3 erased");
        assertThat(s.indexOf("erase:customer-db")).isLessThan(s.indexOf("erase:newsletter-archive"));
        assertThat(s.indexOf("erase:newsletter-archive")).isLessThan(s.indexOf("erase:consent-ledger"));
        assertThat(cells(row(s, "customer-db entries for bob")))
                .containsExactly("customer-db entries for bob", "3", "0");
        assertThat(cells(row(s, "newsletter-archive entries for bob")))
                .containsExactly("newsletter-archive entries for bob", "1", "0");
        assertThat(s).contains("The request is COMPLETED.");
        assertThat(cells(row(s, "evidence stored for bob"))).containsExactly("evidence stored for bob", "2", "0");
        assertThat(cells(row(s, "records of bob"))).containsExactly("records of bob", "2", "3");
        assertThat(s).contains("check(bob, analytics): no, SUBJECT_ERASED.");
        assertThat(cells(row(s, "bob"))).containsExactly("bob", "2026-04-08 09:00 UTC", "9");
    }

    @Test
    void verificationFindsNoProblems() {
        String s = section(10);
        assertThat(cells(row(s, "3"))).containsExactly("3", "9", "0");
        assertThat(s).contains("Result: OK, the ledger is intact.").doesNotContain("DAMAGED");
    }

    @Test
    void outputIsTheSameOnEveryRunButForRecordIds() {
        assertThat(maskIds(capture())).isEqualTo(maskIds(output));
    }

    // ------------------------------------------------------------------ helpers

    /** The text of step {@code n}, from its heading to the next one (or the end). */
    private static String section(int n) {
        int from = output.indexOf("\nStep " + n + ". ");
        assertThat(from).as("step %d", n).isNotNegative();
        int to = output.indexOf("\nStep " + (n + 1) + ". ", from);
        return output.substring(from, to < 0 ? output.length() : to);
    }

    /** The first table row of {@code text} whose first cell is {@code firstCell}. */
    private static String row(String text, String firstCell) {
        Optional<String> line = text.lines()
                .filter(l -> !cells(l).isEmpty() && cells(l).get(0).equals(firstCell))
                .findFirst();
        assertThat(line).as("a row starting with %s in:%n%s", firstCell, text).isPresent();
        return line.get();
    }

    /** The cells of a table row: columns are separated by two or more spaces. */
    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String cell : line.strip().split("\\s{2,}")) {
            if (!cell.isEmpty()) {
                out.add(cell);
            }
        }
        return out;
    }

    private static String maskIds(String text) {
        return text.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                .replaceAll("\\b[0-9a-f]{8}\\b", "<id>");
    }
}
