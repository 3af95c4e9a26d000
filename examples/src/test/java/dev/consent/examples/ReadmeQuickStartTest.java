package dev.consent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.memory.InMemoryConsentStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quick start, as written there, does what the README says. */
class ReadmeQuickStartTest {
    @Test
    void quickStart_runsAsTheReadmeSays() {
        Decision d;
        try (ConsentSystem consent = ConsentSystem.builder()
                .store(new InMemoryConsentStore())
                .build()) {

            consent.purposes().define(Purpose.builder("marketing.email")
                    .title("Marketing e-mail")
                    .description("News and offers by e-mail, about once a month.")
                    .legalBasis(LegalBasis.CONSENT)
                    .maxAge(Duration.ofDays(395))
                    .recipients(List.of("newsletter-provider"))
                    .build());

            CollectionContext signup = CollectionContext.builder(Channel.WEB)
                    .collectionPoint("signup_form_v3")
                    .noticeVersion("privacy-2026-03")
                    .jurisdiction("EU")
                    .evidence(Evidence.of("203.0.113.7", "Mozilla/5.0"))
                    .build();
            consent.ledger().record(Interaction.builder("user-42")
                    .context(signup)
                    .grant("marketing.email")
                    .build());

            consent.enforcer().require("user-42", "marketing.email");

            var withdrawal = consent.ledger().withdraw("user-42", "marketing.email", signup);
            d = consent.enforcer().check("user-42", "marketing.email");
            assertThat(d.recordId()).isEqualTo(withdrawal.records().get(0).id());
        }
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }
}
