package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.PurposeState;
import dev.consent.SubjectState;
import dev.consent.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the ledger answers about a subject: the state now, the state at a past instant, the history. */
public abstract class SubjectStateContract extends BehaviourContract {

    @Test
    void currentState_listsEveryPurpose_withStatusAndProvingRecord() {
        ConsentSystem cs = systemWithPurposes();
        WriteResult w = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(WEB)
                        .grant(EMAIL)
                        .deny(SMS)
                        .object(ANALYTICS)
                        .build());
        clock.advance(Duration.ofHours(1));

        SubjectState state = cs.ledger().currentState("user-1");

        assertThat(state.subject()).isEqualTo("user-1");
        assertThat(state.asOf()).isEqualTo(clock.instant());
        assertThat(state.lifecycle()).isNull();
        assertThat(state.purposes().keySet()).containsExactly(ANALYTICS, BILLING, EMAIL, SMS);
        assertState(
                state.purposes().get(EMAIL),
                ConsentStatus.GRANTED,
                DecisionReason.CONSENT_GRANTED,
                w.records().get(0));
        assertState(
                state.purposes().get(SMS),
                ConsentStatus.DENIED,
                DecisionReason.CONSENT_DENIED,
                w.records().get(1));
        assertState(
                state.purposes().get(ANALYTICS),
                ConsentStatus.OBJECTED,
                DecisionReason.OBJECTED,
                w.records().get(2));
        assertState(state.purposes().get(BILLING), ConsentStatus.NONE, DecisionReason.LEGAL_BASIS_NOT_CONSENT, null);
        assertThat(cs.ledger().currentState("nobody").purposes().values())
                .allSatisfy(p -> assertThat(p.proof()).isNull())
                .extracting(PurposeState::status)
                .containsOnly(ConsentStatus.NONE);
    }

    @Test
    void currentState_showsExpiryAndRequiredReconsent() {
        ConsentSystem cs = systemWithPurposes();
        WriteResult email = cs.ledger().grant("user-1", EMAIL, WEB);
        WriteResult sms = cs.ledger().grant("user-1", SMS, WEB);
        clock.advance(Fixtures.EMAIL_MAX_AGE);
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(2)
                        .description("Offers by SMS, now weekly.")
                        .materialChange()
                        .build());

        SubjectState state = cs.ledger().currentState("user-1");

        assertState(
                state.purposes().get(EMAIL),
                ConsentStatus.EXPIRED,
                DecisionReason.CONSENT_EXPIRED,
                email.records().get(0));
        assertState(
                state.purposes().get(SMS),
                ConsentStatus.RECONSENT_REQUIRED,
                DecisionReason.RECONSENT_REQUIRED,
                sms.records().get(0));
        assertThat(state.purposes().get(SMS).purpose().version())
                .as("the text the person saw")
                .isEqualTo(1);
    }

    @Test
    void stateAt_aPastInstant_givesTheStateThen_withProofAndTheTextSeen() {
        ConsentSystem cs = systemWithPurposes();
        Instant granted = clock.advance(Duration.ofMinutes(1));
        ConsentRecord grant = cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofDays(1));
        cs.purposes()
                .define(Fixtures.email().toBuilder()
                        .version(2)
                        .description("News, twice a month.")
                        .build());
        Instant withdrawn = clock.advance(Duration.ofDays(1));
        ConsentRecord withdrawal =
                cs.ledger().withdraw("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofDays(1));

        SubjectState before = cs.ledger().stateAt("user-1", granted.minusMillis(1));
        SubjectState atGrant = cs.ledger().stateAt("user-1", granted);
        SubjectState afterNewText = cs.ledger().stateAt("user-1", granted.plus(Duration.ofHours(36)));
        SubjectState afterWithdrawal = cs.ledger().stateAt("user-1", withdrawn.plusSeconds(1));
        SubjectState beforeAnyPurpose = cs.ledger().stateAt("user-1", Fixtures.START.minusSeconds(1));

        assertState(before.purposes().get(EMAIL), ConsentStatus.NONE, DecisionReason.NO_CONSENT, null);
        assertState(atGrant.purposes().get(EMAIL), ConsentStatus.GRANTED, DecisionReason.CONSENT_GRANTED, grant);
        assertThat(atGrant.purposes().get(EMAIL).purpose()).isEqualTo(Fixtures.email());
        assertState(afterNewText.purposes().get(EMAIL), ConsentStatus.GRANTED, DecisionReason.CONSENT_GRANTED, grant);
        assertThat(afterNewText.purposes().get(EMAIL).purpose().version())
                .as("the version seen")
                .isEqualTo(1);
        assertThat(afterNewText.purposes().get(EMAIL).purpose().description())
                .isEqualTo("News and offers by e-mail, about once a month.");
        assertState(
                afterWithdrawal.purposes().get(EMAIL),
                ConsentStatus.WITHDRAWN,
                DecisionReason.CONSENT_WITHDRAWN,
                withdrawal);
        assertThat(afterWithdrawal.purposes().get(EMAIL).purpose().description())
                .isEqualTo("News, twice a month.");
        assertThat(afterWithdrawal.asOf()).isEqualTo(withdrawn.plusSeconds(1));
        assertThat(beforeAnyPurpose.purposes()).as("no purpose was defined yet").isEmpty();
    }

    @Test
    void stateAt_judgesExpiryAtThatInstant() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grant = cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofDays(800));

        Instant lastValid = grant.expiresAt().minusMillis(1);
        assertState(
                cs.ledger().stateAt("user-1", lastValid).purposes().get(EMAIL),
                ConsentStatus.GRANTED,
                DecisionReason.CONSENT_GRANTED,
                grant);
        assertState(
                cs.ledger().stateAt("user-1", grant.expiresAt()).purposes().get(EMAIL),
                ConsentStatus.EXPIRED,
                DecisionReason.CONSENT_EXPIRED,
                grant);
    }

    @Test
    void history_listsEveryRecordOfTheSubject_oldestFirst_andNoOtherSubjects() {
        ConsentSystem cs = systemWithPurposes();
        List<ConsentRecord> expected = new ArrayList<>();
        expected.addAll(cs.ledger().grant("user-1", EMAIL, WEB).records());
        cs.ledger().grant("user-2", EMAIL, WEB);
        clock.advance(Duration.ofSeconds(1));
        expected.addAll(cs.ledger().withdraw("user-1", EMAIL, WEB).records());
        expected.addAll(cs.ledger().object("user-1", ANALYTICS, WEB).records());

        assertThat(cs.ledger().history("user-1")).containsExactlyElementsOf(expected);
        assertThat(cs.ledger().history("user-1"))
                .extracting(ConsentRecord::subjectSequence)
                .containsExactly(1L, 2L, 3L);
        assertThat(cs.ledger().history("nobody")).isEmpty();
    }

    private static void assertState(
            PurposeState state, ConsentStatus status, DecisionReason reason, ConsentRecord proof) {
        assertThat(state.status()).isEqualTo(status);
        assertThat(state.decision().reason()).isEqualTo(reason);
        assertThat(state.decision().allowed()).isEqualTo(reason.allows());
        assertThat(state.proof()).isEqualTo(proof);
        if (proof != null) {
            assertThat(state.decision().recordId()).isEqualTo(proof.id());
        }
    }
}
