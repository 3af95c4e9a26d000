package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecisionTest {

    @Test
    void onlyFourReasons_allowProcessing() {
        EnumSet<DecisionReason> allowing = EnumSet.noneOf(DecisionReason.class);
        for (DecisionReason r : DecisionReason.values()) {
            if (r.allows()) {
                allowing.add(r);
            }
        }

        assertThat(allowing)
                .containsExactlyInAnyOrder(
                        DecisionReason.CONSENT_GRANTED,
                        DecisionReason.LEGAL_BASIS_NOT_CONSENT,
                        DecisionReason.NO_OBJECTION,
                        DecisionReason.NOT_OPTED_OUT);
    }

    @ParameterizedTest
    @EnumSource(DecisionReason.class)
    void of_derivesAllowedFromTheReason(DecisionReason reason) {
        UUID id = UUID.randomUUID();
        Decision d = Decision.of(reason, "p", LegalBasis.CONSENT, 2, id);

        assertThat(d.allowed()).isEqualTo(reason.allows());
        assertThat(d).isEqualTo(new Decision(reason.allows(), reason, "p", LegalBasis.CONSENT, 2, id));
    }

    @ParameterizedTest
    @EnumSource(DecisionReason.class)
    void allowedContradictingTheReason_isRejected(DecisionReason reason) {
        assertThatThrownBy(() -> new Decision(!reason.allows(), reason, "p", null, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason.name());
    }

    @Test
    void reasonAndPurpose_areRequired() {
        assertThatThrownBy(() -> new Decision(true, null, "p", null, 0, null)).hasMessage("reason");
        assertThatThrownBy(() -> Decision.of(DecisionReason.NO_CONSENT, null, null, 0, null))
                .hasMessage("purposeId");
    }

    @Test
    void legalBasis_knowsWhichDependOnTheSubject() {
        assertThat(EnumSet.allOf(LegalBasis.class))
                .filteredOn(LegalBasis::dependsOnSubject)
                .containsExactlyInAnyOrder(LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST);
    }
}
