package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.AccessExport;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The recipient rule as a pure function over the indexed versions of one purpose. */
class RecipientIndexTest {
    private static final UUID GRANT = UUID.fromString("8d0f6c1e-0000-4000-8000-000000000001");

    private static Purpose version(int v, List<String> recipients) {
        return Purpose.builder("partners.share")
                .version(v)
                .title("Sharing")
                .description("With partners.")
                .legalBasis(LegalBasis.CONSENT)
                .recipients(recipients)
                .build();
    }

    /** Version 1 names A and B; version 2 adds C; version 3 drops B. */
    private final RecipientIndex index = new RecipientIndex(
            List.of(version(1, List.of("A", "B")), version(2, List.of("A", "B", "C")), version(3, List.of("A", "C"))));

    private static Decision grantOf(int version) {
        return Decision.of(DecisionReason.CONSENT_GRANTED, "partners.share", LegalBasis.CONSENT, version, GRANT);
    }

    private Decision decide(Decision base, String recipient, int inForce) {
        return RecipientIndex.apply(base, index.require(recipient), inForce, null, null);
    }

    @Test
    void aGrantCoversExactlyTheRecipientsOfItsVersion_thatTheVersionInForceStillNames() {
        assertThat(decide(grantOf(1), "A", 3).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(decide(grantOf(1), "C", 3))
                .isEqualTo(Decision.of(
                        DecisionReason.RECIPIENT_NOT_AGREED, "partners.share", LegalBasis.CONSENT, 1, GRANT));
        assertThat(decide(grantOf(1), "B", 3))
                .isEqualTo(Decision.of(
                        DecisionReason.RECIPIENT_NOT_IN_FORCE, "partners.share", LegalBasis.CONSENT, 3, null));
        assertThat(decide(grantOf(1), "B", 2).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(decide(grantOf(2), "C", 3).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(decide(grantOf(2), "C", 1).reason())
                .as("a recipient not yet in force at that instant")
                .isEqualTo(DecisionReason.RECIPIENT_NOT_IN_FORCE);
    }

    @Test
    void aDenial_staysItself_forEveryRecipient() {
        Decision withdrawn =
                Decision.of(DecisionReason.CONSENT_WITHDRAWN, "partners.share", LegalBasis.CONSENT, 1, GRANT);
        for (String r : List.of("A", "B", "C")) {
            assertThat(decide(withdrawn, r, 3)).isSameAs(withdrawn);
        }
    }

    @Test
    void otherBases_needOnlyTheVersionInForce() {
        Decision noObjection =
                Decision.of(DecisionReason.NO_OBJECTION, "partners.share", LegalBasis.LEGITIMATE_INTEREST, 1, null);
        assertThat(decide(noObjection, "C", 3)).isSameAs(noObjection);
        assertThat(decide(noObjection, "B", 3).reason()).isEqualTo(DecisionReason.RECIPIENT_NOT_IN_FORCE);
    }

    @Test
    void precomputedDenials_areReturnedAsGiven() {
        Decision notInForce =
                Decision.of(DecisionReason.RECIPIENT_NOT_IN_FORCE, "partners.share", LegalBasis.CONSENT, 3, null);
        Decision notAgreed = RecipientIndex.notAgreed(grantOf(1));
        assertThat(RecipientIndex.apply(grantOf(1), index.require("B"), 3, notInForce, notAgreed))
                .isSameAs(notInForce);
        assertThat(RecipientIndex.apply(grantOf(1), index.require("C"), 3, notInForce, notAgreed))
                .isSameAs(notAgreed);
        assertThat(index.missesSome(1)).isTrue();
        assertThat(index.missesSome(2))
                .as("version 2 names every recipient ever declared")
                .isFalse();
    }

    @Test
    void aRecipientNoVersionNames_isInvalidInput_namingTheFieldAndTheDeclaredOnes() {
        assertThat(index.versionsNaming("D")).isNull();
        assertThatThrownBy(() -> index.require("D"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("recipient"))
                .hasMessageContaining("partners.share")
                .hasMessageContaining("[A, B, C]");
        assertThatThrownBy(() -> index.require(" "))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void anExportWithoutRecipientsPerPurpose_readsAsNone() {
        AccessExport.PurposeEntry entry = new AccessExport.PurposeEntry(
                "partners.share",
                1,
                LegalBasis.CONSENT,
                dev.consent.ConsentStatus.NONE,
                false,
                DecisionReason.NO_CONSENT,
                null,
                null,
                null);
        assertThat(entry.recipients()).isEmpty();
    }
}
