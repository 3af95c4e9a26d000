package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.AccessExport;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Controller;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.ReceiptSettings;
import dev.consent.Receipts;
import dev.consent.WriteResult;
import dev.consent.testkit.behaviour.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The code samples of the README's "Data-subject rights" section, as written there, do what it says. */
class ReadmeRightsTest {
    @Test
    void theRightsSamples_runAsTheReadmeSays() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
        try (ConsentSystem consent = ConsentSystem.builder().store(new InMemoryConsentStore()).clock(clock)
                .build()) {
            for (String id : new String[] {"marketing.email", "marketing.sms"}) {
                consent.purposes().define(Purpose.builder(id).title(id).description("Offers about " + id + ".")
                        .legalBasis(LegalBasis.CONSENT).group("marketing").build());
            }
            CollectionContext signup = CollectionContext.of(Channel.WEB, "signup_form_v3");
            consent.ledger().grant("visitor-7f3a", "marketing.sms", signup);
            clock.advance(Duration.ofDays(1));

            // Purpose groups
            consent.ledger().grantGroup("user-42", "marketing", signup);          // one record per member
            clock.advance(Duration.ofDays(3));
            consent.ledger().record(Interaction.builder("user-42").interactionId("form-7")
                    .context(signup).withdrawGroup("marketing").build());          // with your own idempotency key

            // What was decided at a point in time
            Decision then = consent.enforcer().checkAt("user-42", "marketing.email",
                    Instant.parse("2026-03-03T14:14:00Z"));
            assertThat(then.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
            assertThat(consent.enforcer().check("user-42", "marketing.email").allowed()).isFalse();

            // Anonymous visitors: the visitor's grant is older than the account's withdrawal, so nothing is carried
            WriteResult carried = consent.ledger().link("visitor-7f3a", "user-42", CollectionContext.of(Channel.WEB, "login"));
            assertThat(carried.records()).isEmpty();
            assertThat(consent.ledger().links("user-42")).hasSize(1);

            // Access export
            String json = consent.ledger().export("user-42").toJson();
            assertThat(AccessExport.fromJson(json).history()).hasSize(4);

            // Consent receipts
            Receipts receipts = Receipts.of(consent, ReceiptSettings.builder()
                    .controller(Controller.builder("ACME Ltd").contact("Data Protection Officer")
                            .address("1 Main Street, London", "GB").email("dpo@acme.example").phone("+44 20 7946 0000")
                            .build())
                    .policyUrl("https://acme.example/privacy").service("ACME Shop").jurisdiction("EU")
                    .build());
            String receipt = receipts.getReceipt("user-42", "form-7").json();
            assertThat(receipt).contains("\"version\":\"KI-CR-v1.1.0\"").contains("\"action\":\"WITHDRAWN\"");
        }
    }
}
