package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.OutagePolicy;
import dev.consent.ProcessingDeniedException;
import dev.consent.StoreUnavailableException;
import dev.consent.WriteResult;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When the store fails: checks deny and count, writes throw and leave nothing, and recovery needs no restart. */
public abstract class FailClosedContract extends BehaviourContract {
    private FailingStore failing;
    private ConsentSystem cs;

    @BeforeEach
    final void systemOverAFailingStore() {
        failing = new FailingStore(store);
        cs = systemOver(failing, b -> {});
        Fixtures.defineStandard(cs.purposes());
    }

    @Test
    void storeDown_checksOfUncachedSubjects_denyWithStoreUnavailable_andAreCounted() {
        cs.ledger().grant("user-1", EMAIL, WEB);
        long before = cs.enforcer().stats().storeUnavailable();
        failing.failEverything();

        Decision consent = cs.enforcer().check("user-1", EMAIL);
        Decision interest = cs.enforcer().check("user-2", ANALYTICS);
        Decision full = cs.enforcer().check("user-3", EMAIL, Consistency.full());
        Decision atLeast = cs.enforcer().check("user-4", EMAIL, Consistency.atLeast(1));
        Map<String, Decision> bulk = cs.enforcer().checkAll(List.of("user-5", "user-6", "user-7"), EMAIL);
        Throwable required = org.assertj.core.api.Assertions.catchThrowable(
                () -> cs.enforcer().require("user-8", EMAIL));

        for (Decision d :
                List.of(consent, interest, full, atLeast, bulk.get("user-5"), bulk.get("user-6"), bulk.get("user-7"))) {
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        }
        assertThat(consent.legalBasis()).isEqualTo(LegalBasis.CONSENT);
        assertThat(consent.purposeId()).isEqualTo(EMAIL);
        assertThat(interest.legalBasis()).isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
        assertThat(required)
                .isInstanceOfSatisfying(
                        ProcessingDeniedException.class,
                        e -> assertThat(e.decision().reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE));
        assertThat(cs.enforcer().stats().storeUnavailable() - before).isEqualTo(8);
        assertThat(cs.enforcer().check("user-1", BILLING).reason())
                .as("a check that needs no store still answers")
                .isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
    }

    @Test
    void serveCachedPolicy_cachedSnapshotsKeepAnswering_whileTheStoreIsDown() {
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.enforcer().require("user-1", EMAIL);
        failing.failEverything();

        assertThat(cs.enforcer().check("user-2", EMAIL).reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason())
                .as("cached, and within the cache's age bound")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void denyAllPolicy_deniesCachedAllows_fromTheFirstFailure_untilAProbeFindsTheStoreBack() {
        ConsentSystem strict = systemOver(failing, b -> b.outagePolicy(OutagePolicy.DENY_ALL));
        strict.ledger().grant("user-1", EMAIL, WEB);
        strict.enforcer().require("user-1", EMAIL);
        assertThat(strict.enforcer().check("user-1", ANALYTICS).allowed()).isTrue();
        failing.failEverything();
        long before = strict.enforcer().stats().storeUnavailable();

        assertThat(strict.enforcer().check("user-2", EMAIL).reason())
                .as("the failure that reveals the outage")
                .isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        for (Decision d : List.of(
                strict.enforcer().check("user-1", EMAIL),
                strict.enforcer().check("user-1", ANALYTICS),
                strict.enforcer().check("user-1", EMAIL, Consistency.atLeast(1)),
                strict.enforcer().checkAll(List.of("user-1"), EMAIL).get("user-1"))) {
            assertThat(d.reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        }
        assertThat(strict.enforcer().check("user-1", BILLING).allowed())
                .as("a basis other than consent needs no store")
                .isTrue();
        assertThat(strict.enforcer().stats().storeUnavailable() - before).isEqualTo(5);

        failing.recover();
        assertThat(strict.enforcer().check("user-1", EMAIL).reason())
                .as("no probe yet: at most one a second")
                .isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(strict.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(strict.enforcer().check("user-1", ANALYTICS).allowed()).isTrue();
    }

    @Test
    void denyAllPolicy_aFailedWriteAlsoStartsTheOutage_andASuccessfulLoadEndsIt() {
        ConsentSystem strict = systemOver(failing, b -> b.outagePolicy(OutagePolicy.DENY_ALL));
        strict.ledger().grant("user-1", EMAIL, WEB);
        strict.enforcer().require("user-1", EMAIL);
        failing.failAppends();

        assertThatThrownBy(() -> strict.ledger().grant("user-2", EMAIL, WEB))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(strict.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);

        failing.recover();
        assertThat(strict.enforcer().check("user-3", EMAIL).reason())
                .as("a load from the store succeeds")
                .isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(strict.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void storeRecovers_checksWorkAgain_withoutARestart() {
        cs.ledger().grant("user-1", EMAIL, WEB);
        failing.failEverything();
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        assertThat(cs.enforcer()
                        .checkAll(List.of("user-1"), EMAIL)
                        .get("user-1")
                        .reason())
                .isEqualTo(DecisionReason.STORE_UNAVAILABLE);

        failing.recover();

        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer()
                        .checkAll(List.of("user-1"), EMAIL)
                        .get("user-1")
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("user-2", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
    }

    @Test
    void appendFails_writeThrowsStoreUnavailable_andLeavesNothingWritten() {
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        Interaction form = Interaction.builder("user-1")
                .interactionId("form-1")
                .context(WEB)
                .grant(EMAIL)
                .grant(Fixtures.SMS)
                .build();
        failing.failAppends();

        assertThatThrownBy(() -> cs.ledger().record(form))
                .isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("form-1");
        assertThatThrownBy(() -> cs.ledger().withdraw("user-1", EMAIL, WEB))
                .isInstanceOf(StoreUnavailableException.class);

        failing.recover();
        assertThat(cs.ledger().history("user-1")).isEmpty();
        assertThat(cs.ledger().headPosition()).isZero();
        assertThat(cs.enforcer().check("user-1", EMAIL).reason())
                .as("the cache kept no trace")
                .isEqualTo(DecisionReason.NO_CONSENT);
        WriteResult retry = cs.ledger().record(form);
        assertThat(retry.replayed()).isFalse();
        assertThat(cs.ledger().history("user-1")).hasSize(2);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void storeDown_everyWriteAndRead_throwsStoreUnavailable() {
        cs.ledger().grant("user-1", EMAIL, WEB);
        long head = cs.ledger().headPosition();
        failing.failEverything();

        List<ThrowingCallable> calls = List.of(
                () -> cs.ledger().grant("user-2", EMAIL, WEB),
                () -> cs.ledger().withdraw("user-1", EMAIL, WEB),
                () -> cs.ledger()
                        .record(Interaction.builder("user-3")
                                .context(WEB)
                                .grant(EMAIL)
                                .build()),
                () -> cs.ledger()
                        .record(Interaction.builder("user-3")
                                .context(WEB)
                                .grant("defined.elsewhere")
                                .build()),
                () -> cs.ledger().erase("user-1", WEB),
                () -> cs.ledger().markDeceased("user-1", WEB),
                () -> cs.ledger().history("user-1"),
                () -> cs.ledger().currentState("user-1"),
                () -> cs.ledger().stateAt("user-1", clock.instant()),
                () -> cs.ledger().evidence("user-1"),
                () -> cs.ledger().verify(),
                () -> cs.ledger().verify("user-1"),
                () -> cs.ledger().headPosition(),
                () -> cs.purposes().define(Fixtures.simple("new.purpose", LegalBasis.CONSENT)));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
        }

        failing.recover();
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.purposes().find("new.purpose")).isEmpty();
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void storeDown_buildingASystem_throwsStoreUnavailable() {
        failing.failEverything();

        assertThatThrownBy(() -> systemOver(failing, b -> {})).isInstanceOf(StoreUnavailableException.class);
    }
}
