package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.SubjectState;
import dev.consent.WriteResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Erasure and death: the proof stays, the personal data goes, and processing on consent stops. */
public abstract class LifecycleContract extends BehaviourContract {
    private static final CollectionContext DPO = CollectionContext.builder(Channel.API)
            .collectionPoint("dsar_portal")
            .build();

    @Test
    void erase_deletesTheEvidence_keepsTheDecisions_andTheLedgerStillVerifies() {
        ConsentSystem cs = systemWithPurposes();
        List<ConsentRecord> decisions = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(Fixtures.detailed())
                        .grant(EMAIL)
                        .grant(SMS)
                        .build())
                .records();
        cs.ledger().grant("user-2", EMAIL, Fixtures.detailed());
        assertThat(cs.ledger().evidence("user-1")).hasSize(2);
        clock.advance(Duration.ofDays(2));

        WriteResult erasure = cs.ledger().erase("user-1", DPO);

        assertThat(erasure.replayed()).isFalse();
        ConsentRecord tombstone = erasure.records().get(0);
        assertThat(tombstone.action()).isEqualTo(Action.SUBJECT_ERASED);
        assertThat(tombstone.purposeId()).isNull();
        assertThat(tombstone.recordedAt()).isEqualTo(clock.instant());
        assertThat(cs.ledger().evidence("user-1")).isEmpty();
        assertThat(cs.ledger().evidence("user-2"))
                .as("other subjects keep theirs")
                .hasSize(1);
        assertThat(cs.ledger().history("user-1")).containsExactly(decisions.get(0), decisions.get(1), tombstone);
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
        SubjectState state = cs.ledger().currentState("user-1");
        assertThat(state.erased()).isTrue();
        assertThat(state.lifecycle()).isEqualTo(tombstone);
    }

    @Test
    void erase_deniesEveryConsentAndLegitimateInterestCheck_withSubjectErased() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.enforcer().check("user-1", EMAIL);
        ConsentRecord tombstone = cs.ledger().erase("user-1", DPO).records().get(0);

        for (Enforcer enforcer : List.of(cs.enforcer(), system().enforcer())) {
            for (String purpose : List.of(EMAIL, SMS, ANALYTICS)) {
                Decision cached = enforcer.check("user-1", purpose);
                assertThat(cached.reason()).as(purpose).isEqualTo(DecisionReason.SUBJECT_ERASED);
                assertThat(cached.allowed()).isFalse();
                assertThat(cached.recordId()).isEqualTo(tombstone.id());
                assertThat(enforcer.check("user-1", purpose, Consistency.full()).reason())
                        .isEqualTo(DecisionReason.SUBJECT_ERASED);
                assertThat(enforcer.checkAll(List.of("user-1"), purpose)
                                .get("user-1")
                                .reason())
                        .isEqualTo(DecisionReason.SUBJECT_ERASED);
            }
            assertThat(enforcer.check("user-1", BILLING).reason()).isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
        }
    }

    @Test
    void erase_rejectsEveryFurtherWrite_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.ledger().erase("user-1", DPO);
        long head = cs.ledger().headPosition();

        List<ThrowingCallable> writes = List.of(
                () -> cs.ledger().grant("user-1", EMAIL, WEB),
                () -> cs.ledger().deny("user-1", SMS, WEB),
                () -> cs.ledger().withdraw("user-1", EMAIL, WEB),
                () -> cs.ledger().object("user-1", ANALYTICS, WEB),
                () -> cs.ledger().withdrawObjection("user-1", ANALYTICS, WEB),
                () -> cs.ledger()
                        .record(Interaction.builder("user-1")
                                .context(WEB)
                                .grant(SMS)
                                .build()),
                () -> cs.ledger().markDeceased("user-1", DPO),
                () -> system().ledger().grant("user-1", EMAIL, WEB));
        for (ThrowingCallable write : writes) {
            assertThatThrownBy(write)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("subject")
                    .hasMessageContaining("erased");
        }
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
    }

    @Test
    void erase_again_returnsTheFirstErasure_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, Fixtures.detailed());
        WriteResult first = cs.ledger().erase("user-1", DPO);
        long head = cs.ledger().headPosition();
        clock.advance(Duration.ofDays(1));

        WriteResult again = system().ledger().erase("user-1", DPO);

        assertThat(again.replayed()).isTrue();
        assertThat(again.records()).containsExactlyElementsOf(first.records());
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.ledger().evidence("user-1")).isEmpty();
    }

    @Test
    void erase_ofASubjectWithoutRecords_stillDeniesEverythingAfterwards() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().erase("user-1", DPO);

        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
        assertThatThrownBy(() -> cs.ledger().grant("user-1", EMAIL, WEB)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void markDeceased_deniesConsentAndLegitimateInterest_butContractStaysAllowed() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.enforcer().check("user-1", EMAIL);
        WriteResult death = cs.ledger().markDeceased("user-1", DPO);
        ConsentRecord record = death.records().get(0);

        assertThat(record.action()).isEqualTo(Action.SUBJECT_DECEASED);
        for (Enforcer enforcer : List.of(cs.enforcer(), system().enforcer())) {
            for (String purpose : List.of(EMAIL, SMS, ANALYTICS)) {
                Decision d = enforcer.check("user-1", purpose);
                assertThat(d.reason()).as(purpose).isEqualTo(DecisionReason.SUBJECT_DECEASED);
                assertThat(d.recordId()).isEqualTo(record.id());
            }
            Map<String, Decision> bulk = enforcer.checkAll(List.of("user-1", "user-2"), EMAIL);
            assertThat(bulk.get("user-1").reason()).isEqualTo(DecisionReason.SUBJECT_DECEASED);
            Decision contract = enforcer.check("user-1", BILLING);
            assertThat(contract.allowed()).isTrue();
            assertThat(contract.reason()).isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
        }
        assertThat(cs.ledger().currentState("user-1").deceased()).isTrue();
        assertThat(cs.ledger().history("user-1")).hasSize(2);
        assertThatThrownBy(() -> cs.ledger().grant("user-1", SMS, WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deceased");
        assertThatThrownBy(() -> cs.ledger().markDeceased("user-1", DPO)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void erase_afterDeath_isAllowed_andDeniesWithSubjectErased() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, Fixtures.detailed());
        cs.ledger().markDeceased("user-1", DPO);

        cs.ledger().erase("user-1", DPO);

        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
        assertThat(cs.ledger().evidence("user-1")).isEmpty();
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
    }

    @Test
    void markDeceased_isALifecycleEvent_notAWithdrawal_andTheHistoryStays() {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes().define(Fixtures.simple("tax.records", dev.consent.LegalBasis.LEGAL_OBLIGATION));
        ConsentRecord grant = cs.ledger()
                .grant("user-1", EMAIL, Fixtures.detailed())
                .records()
                .get(0);
        java.time.Instant beforeDeath = clock.instant();
        clock.advance(Duration.ofDays(3));

        ConsentRecord death = cs.ledger().markDeceased("user-1", DPO).records().get(0);

        assertThat(death.purposeId()).isNull();
        assertThat(death.action().isLifecycle()).isTrue();
        assertThat(death.action().isConsentDecision()).isFalse();
        assertThat(cs.ledger().history("user-1")).containsExactly(grant, death);
        assertThat(cs.ledger().history("user-1"))
                .extracting(ConsentRecord::action)
                .doesNotContain(Action.WITHDRAWN);
        assertThat(cs.ledger().evidence("user-1")).as("death erases nothing").hasSize(1);
        SubjectState now = cs.ledger().currentState("user-1");
        assertThat(now.deceased()).isTrue();
        assertThat(now.erased()).isFalse();
        assertThat(now.find(EMAIL).orElseThrow().status())
                .as("the grant is not withdrawn")
                .isEqualTo(dev.consent.ConsentStatus.GRANTED);
        assertThat(now.find(EMAIL).orElseThrow().decision().reason()).isEqualTo(DecisionReason.SUBJECT_DECEASED);
        assertThat(now.find(EMAIL).orElseThrow().proof()).isEqualTo(grant);
        assertThat(cs.ledger()
                        .stateAt("user-1", beforeDeath)
                        .find(EMAIL)
                        .orElseThrow()
                        .decision()
                        .allowed())
                .as("before the death it was allowed")
                .isTrue();
        assertThat(cs.ledger()
                        .stateAt("user-1", clock.instant())
                        .find(EMAIL)
                        .orElseThrow()
                        .decision()
                        .reason())
                .isEqualTo(DecisionReason.SUBJECT_DECEASED);
        for (Enforcer enforcer : List.of(cs.enforcer(), system().enforcer())) {
            assertThat(enforcer.check("user-1", "tax.records").allowed())
                    .as("legal obligation")
                    .isTrue();
            assertThat(enforcer.check("user-1", BILLING).allowed())
                    .as("contract")
                    .isTrue();
            assertThat(enforcer.check("user-1", ANALYTICS).reason())
                    .as("legitimate interest without objection")
                    .isEqualTo(DecisionReason.SUBJECT_DECEASED);
            assertThat(enforcer.check("user-1", EMAIL, Consistency.full()).reason())
                    .isEqualTo(DecisionReason.SUBJECT_DECEASED);
        }
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.reports()
                        .transparency(beforeDeath, clock.instant().plusMillis(1))
                        .deaths())
                .isEqualTo(1);
    }
}
