package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void grantWithdrawRequire() {
        try (ConsentSystem cs =
                ConsentSystem.builder().store(new InMemoryConsentStore()).build()) {
            cs.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Mail")
                            .description("News by mail")
                            .legalBasis(LegalBasis.CONSENT)
                            .maxAge(Duration.ofDays(30))
                            .build());
            CollectionContext ctx = CollectionContext.builder(Channel.WEB)
                    .collectionPoint("signup")
                    .evidence(Evidence.of("203.0.113.9", "UA"))
                    .build();
            assertThat(cs.enforcer().check("u1", "marketing.email").reason()).isEqualTo(DecisionReason.NO_CONSENT);
            WriteResult w = cs.ledger().grant("u1", "marketing.email", ctx);
            assertThat(w.position()).isEqualTo(1);
            cs.enforcer().require("u1", "marketing.email");
            cs.ledger().withdraw("u1", "marketing.email", ctx);
            assertThatThrownBy(() -> cs.enforcer().require("u1", "marketing.email"))
                    .isInstanceOf(ProcessingDeniedException.class);
            assertThat(cs.ledger().verify().ok()).isTrue();
            assertThat(cs.ledger().verify("u1").ok()).isTrue();
            assertThat(cs.ledger().history("u1")).hasSize(2);
            assertThat(cs.ledger()
                            .currentState("u1")
                            .find("marketing.email")
                            .get()
                            .status())
                    .isEqualTo(ConsentStatus.WITHDRAWN);
        }
    }
}
