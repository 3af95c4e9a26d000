package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static dev.consent.testkit.behaviour.RecipientsContract.A;
import static dev.consent.testkit.behaviour.RecipientsContract.B;
import static dev.consent.testkit.behaviour.RecipientsContract.C;
import static dev.consent.testkit.behaviour.RecipientsContract.FRAUD;
import static dev.consent.testkit.behaviour.RecipientsContract.SHARE;
import static dev.consent.testkit.behaviour.RecipientsContract.basis;
import static dev.consent.testkit.behaviour.RecipientsContract.share;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documents follow the recipient rule of {@link RecipientsContract}: a consent receipt names exactly the
 * recipients of the version agreed to, and the transparency report counts, per recipient in force, the active
 * subjects whose agreed version names it, as {@code stateAt} and the recipient-scoped checks state it.
 */
public abstract class RecipientDocumentsContract extends BehaviourContract {

    @Test
    void receipts_nameExactlyTheRecipientsOfTheVersionAgreedTo() throws Exception {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        WriteResult v1 = cs.ledger().grant("ada", SHARE, WEB);
        cs.purposes().define(share(2, List.of(A, B, C)));
        WriteResult withdrawal = cs.ledger().withdraw("ada", SHARE, WEB);
        WriteResult v2 = cs.ledger().grant("bea", SHARE, WEB);
        dev.consent.Receipts receipts =
                dev.consent.Receipts.of(cs, ReceiptsContract.settings().build());

        assertThat(receiptRecipients(receipts, "ada", v1)).containsExactly(A, B);
        assertThat(receiptRecipients(receipts, "ada", withdrawal))
                .as("a withdrawal names the recipients of the grant it ends")
                .containsExactly(A, B);
        assertThat(receiptRecipients(receipts, "bea", v2)).containsExactly(A, B, C);
        com.fasterxml.jackson.databind.JsonNode purpose = receiptPurpose(receipts, "ada", v1);
        assertThat(purpose.get("thirdPartyName").asText()).isEqualTo(A + ", " + B);
        assertThat(purpose.get("thirdPartyDisclosure").asBoolean()).isTrue();
    }

    private static com.fasterxml.jackson.databind.JsonNode receiptPurpose(
            dev.consent.Receipts receipts, String subject, WriteResult w) throws Exception {
        String json = receipts.getReceipt(subject, w.interactionId()).json();
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json)
                .get("services")
                .get(0)
                .get("purposes")
                .get(0);
    }

    private static List<String> receiptRecipients(dev.consent.Receipts receipts, String subject, WriteResult w)
            throws Exception {
        List<String> out = new ArrayList<>();
        receiptPurpose(receipts, subject, w).get("recipients").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theTransparencyReport_countsPerRecipientTheActiveSubjectsWhoseVersionNamesIt() {
        ConsentSystem cs = system();
        cs.purposes().define(share(1, List.of(A, B)));
        cs.purposes().define(basis(FRAUD, LegalBasis.LEGITIMATE_INTEREST, 1, List.of("X")));
        cs.ledger().grant("ada", SHARE, WEB);
        cs.ledger().grant("bea", SHARE, WEB);
        cs.ledger().grant("cyd", SHARE, WEB);
        cs.ledger().withdraw("cyd", SHARE, WEB);
        clock.advance(Duration.ofMinutes(1));
        cs.purposes().define(share(2, List.of(A, B, C)));
        cs.ledger().grant("dan", SHARE, WEB);
        clock.advance(Duration.ofMinutes(1));
        cs.purposes().define(share(3, List.of(A, C))); // drops B
        clock.advance(Duration.ofDays(1));
        Instant to = clock.instant();

        dev.consent.TransparencyReport report = cs.reports().transparency(Fixtures.START, to);
        dev.consent.TransparencyReport.Row row = report.find(SHARE).orElseThrow();

        assertThat(row.activeAtEnd()).isEqualTo(3);
        assertThat(row.activeAtEndByRecipient()).isEqualTo(Map.of(A, 3L, C, 1L));
        assertThat(report.find(FRAUD).orElseThrow().activeAtEndByRecipient()).isEmpty();
        for (String r : List.of(A, C)) {
            long stated = List.of("ada", "bea", "cyd", "dan").stream()
                    .filter(s -> cs.ledger()
                            .stateAt(s, to.minusMillis(1))
                            .find(SHARE)
                            .orElseThrow()
                            .recipients()
                            .contains(r))
                    .count();
            assertThat(row.activeAtEndByRecipient().get(r)).as(r).isEqualTo(stated);
            assertThat(cs.enforcer()
                            .filterAllowed(List.of("ada", "bea", "cyd", "dan"), SHARE, r)
                            .size())
                    .isEqualTo((int) stated);
        }
        assertThat(dev.consent.TransparencyReport.fromJson(report.toJson())).isEqualTo(report);
    }
}
