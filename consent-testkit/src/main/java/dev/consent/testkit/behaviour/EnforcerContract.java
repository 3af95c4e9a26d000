package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.LegalBasis;
import dev.consent.ProcessingDeniedException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The enforcer's decision table, one row per test. */
public abstract class EnforcerContract extends BehaviourContract {

    @Test
    void checksOfAnUnknownPurpose_logOncePerPurposeIdPerMinute() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        String typo = "unknown purpose \"marketing.emial\"";
        String other = "unknown purpose \"no.such.purpose\"";
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 100; i++) {
                assertThat(cs.enforcer().check("user-1", "marketing.emial").reason())
                        .isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
                assertThat(cs.enforcer().check("user-1", EMAIL).allowed()).isTrue();
            }
            cs.enforcer().checkAll(List.of("user-1", "user-2"), "no.such.purpose");
            cs.enforcer().check("user-2", "no.such.purpose", Consistency.full());
            assertThat(occurrences(logs.text(), typo))
                    .as("one line for 100 checks of one typo")
                    .isEqualTo(1);
            assertThat(occurrences(logs.text(), other))
                    .as("each unknown id has its own line")
                    .isEqualTo(1);

            clock.advance(Duration.ofSeconds(59));
            cs.enforcer().check("user-1", "marketing.emial");
            assertThat(occurrences(logs.text(), typo)).as("within the minute").isEqualTo(1);

            clock.advance(Duration.ofSeconds(1));
            cs.enforcer().check("user-1", "marketing.emial");
            assertThat(occurrences(logs.text(), typo))
                    .as("a minute after the last line")
                    .isEqualTo(2);
            assertThat(occurrences(logs.text(), other)).isEqualTo(1);
            logs.clear();
        }
        assertThat(cs.enforcer().stats().unknownPurpose())
                .as("every denial is counted")
                .isEqualTo(105);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    @Test
    void grant_thenCheck_allowsWithTheGrantAsProof() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grant = cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);

        Decision d = cs.enforcer().check("user-1", EMAIL);

        assertThat(d.allowed()).isTrue();
        assertThat(d.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(d.purposeId()).isEqualTo(EMAIL);
        assertThat(d.legalBasis()).isEqualTo(LegalBasis.CONSENT);
        assertThat(d.purposeVersion()).isEqualTo(1);
        assertThat(d.recordId()).isEqualTo(grant.id());
        assertThatCode(() -> cs.enforcer().require("user-1", EMAIL)).doesNotThrowAnyException();
        assertThat(cs.enforcer().allows(EMAIL).test("user-1")).isTrue();
        assertThat(system().enforcer().check("user-1", EMAIL))
                .as("a cold cache agrees")
                .isEqualTo(d);
    }

    @Test
    void noRecord_thenCheck_deniesWithNoConsent() {
        ConsentSystem cs = systemWithPurposes();

        Decision d = cs.enforcer().check("user-1", EMAIL);

        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(d.legalBasis()).isEqualTo(LegalBasis.CONSENT);
        assertThat(d.purposeVersion()).isEqualTo(1);
        assertThat(d.recordId()).isNull();
        assertThat(cs.enforcer().allows(EMAIL).test("user-1")).isFalse();
    }

    @Test
    void deny_thenRequire_deniesWithConsentDenied() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord refusal = cs.ledger().deny("user-1", EMAIL, WEB).records().get(0);

        assertDenied(cs.enforcer(), "user-1", EMAIL, DecisionReason.CONSENT_DENIED, refusal);
    }

    @Test
    void withdraw_thenRequire_deniesWithConsentWithdrawn() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.enforcer().require("user-1", EMAIL);
        ConsentRecord withdrawal =
                cs.ledger().withdraw("user-1", EMAIL, WEB).records().get(0);

        assertDenied(cs.enforcer(), "user-1", EMAIL, DecisionReason.CONSENT_WITHDRAWN, withdrawal);
        assertDenied(system().enforcer(), "user-1", EMAIL, DecisionReason.CONSENT_WITHDRAWN, withdrawal);
    }

    @Test
    void grant_expiresAfterMaxAge_whileItsSnapshotStaysCached() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> b.cacheExpireAfterWrite(Duration.ofDays(1000)));
        Fixtures.defineStandard(cs.purposes());
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        ConsentRecord grant = cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        assertThat(cs.enforcer().check("user-1", EMAIL).allowed()).isTrue();
        counting.reset();

        clock.advance(Fixtures.EMAIL_MAX_AGE.minusMillis(1));
        Decision lastMoment = cs.enforcer().check("user-1", EMAIL);
        clock.advance(Duration.ofMillis(1));
        Decision expired = cs.enforcer().check("user-1", EMAIL);

        assertThat(lastMoment.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(expired.allowed()).isFalse();
        assertThat(expired.reason()).isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(expired.recordId()).isEqualTo(grant.id());
        assertThat(counting.loadCurrentStateCalls() + counting.loadCurrentStatesCalls())
                .as("answered from the cached snapshot")
                .isZero();
        assertThat(cs.enforcer()
                        .checkAll(List.of("user-1"), EMAIL)
                        .get("user-1")
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(cs.enforcer().check("user-1", EMAIL, Consistency.full()).reason())
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.NO_CONSENT);
    }

    @Test
    void grantWithoutMaxAge_neverExpires() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", SMS, WEB);
        clock.advance(Duration.ofDays(3650));

        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void materialChange_requiresReconsent_andGrantingTheNewVersionAllowsAgain() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord oldGrant =
                cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        assertThat(cs.enforcer().check("user-1", EMAIL).allowed()).isTrue();

        cs.purposes()
                .define(Fixtures.email().toBuilder()
                        .version(2)
                        .description("News, offers and offers of our partners by e-mail.")
                        .materialChange()
                        .build());
        Decision afterChange = cs.enforcer().check("user-1", EMAIL);

        assertThat(afterChange.allowed()).isFalse();
        assertThat(afterChange.reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);
        assertThat(afterChange.purposeVersion()).isEqualTo(1);
        assertThat(afterChange.recordId()).isEqualTo(oldGrant.id());
        assertThat(system().enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);

        ConsentRecord newGrant =
                cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        Decision again = cs.enforcer().check("user-1", EMAIL);

        assertThat(again.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(again.purposeVersion()).isEqualTo(2);
        assertThat(again.recordId()).isEqualTo(newGrant.id());
    }

    @Test
    void editorialChange_keepsAnEarlierGrantValid() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grant = cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        cs.enforcer().check("user-1", EMAIL);

        cs.purposes()
                .define(Fixtures.email().toBuilder()
                        .version(2)
                        .description("News and offers, monthly.")
                        .build());
        Decision d = cs.enforcer().check("user-1", EMAIL);

        assertThat(d.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(d.purposeVersion()).isEqualTo(1);
        assertThat(d.recordId()).isEqualTo(grant.id());
    }

    @Test
    void legitimateInterest_allowsUntilObjected_andAgainOnceTheObjectionIsWithdrawn() {
        ConsentSystem cs = systemWithPurposes();
        Decision before = cs.enforcer().check("user-1", ANALYTICS);
        assertThat(before.allowed()).isTrue();
        assertThat(before.reason()).isEqualTo(DecisionReason.NO_OBJECTION);
        assertThat(before.legalBasis()).isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
        assertThat(before.recordId()).isNull();

        ConsentRecord objection =
                cs.ledger().object("user-1", ANALYTICS, WEB).records().get(0);
        assertDenied(cs.enforcer(), "user-1", ANALYTICS, DecisionReason.OBJECTED, objection);
        assertDenied(system().enforcer(), "user-1", ANALYTICS, DecisionReason.OBJECTED, objection);

        ConsentRecord takenBack = cs.ledger()
                .withdrawObjection("user-1", ANALYTICS, WEB)
                .records()
                .get(0);
        Decision after = cs.enforcer().check("user-1", ANALYTICS);
        assertThat(after.allowed()).isTrue();
        assertThat(after.reason()).isEqualTo(DecisionReason.NO_OBJECTION);
        assertThat(after.recordId()).isEqualTo(takenBack.id());
    }

    @ParameterizedTest
    @EnumSource(
            value = LegalBasis.class,
            names = {"CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTERESTS", "PUBLIC_TASK"})
    void basisOtherThanConsent_allows_andSaysConsentIsNotTheBasis(LegalBasis basis) {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes().define(Fixtures.simple("basis.under-test", basis));
        cs.ledger().grant("user-1", EMAIL, WEB);

        for (Enforcer enforcer : List.of(cs.enforcer(), system().enforcer())) {
            for (String subject : List.of("user-1", "stranger")) {
                Decision d = enforcer.check(subject, "basis.under-test");
                assertThat(d.allowed()).isTrue();
                assertThat(d.reason()).isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
                assertThat(d.legalBasis()).isEqualTo(basis);
                assertThat(d.purposeVersion()).isEqualTo(1);
                assertThat(d.recordId()).isNull();
                assertThatCode(() -> enforcer.require(subject, "basis.under-test"))
                        .doesNotThrowAnyException();
                assertThat(enforcer.check(subject, "basis.under-test", Consistency.full()))
                        .isEqualTo(d);
            }
        }
    }

    @Test
    void retiredPurpose_denies_evenAfterAnEarlierGrant() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.enforcer().require("user-1", EMAIL);

        cs.purposes()
                .define(Fixtures.email().toBuilder().version(2).retired(true).build());
        cs.purposes()
                .define(Fixtures.billing().toBuilder().version(2).retired(true).build());

        for (Enforcer enforcer : List.of(cs.enforcer(), system().enforcer())) {
            for (String purpose : List.of(EMAIL, Fixtures.BILLING)) {
                for (String subject : List.of("user-1", "stranger")) {
                    Decision d = enforcer.check(subject, purpose);
                    assertThat(d.allowed()).isFalse();
                    assertThat(d.reason()).isEqualTo(DecisionReason.PURPOSE_RETIRED);
                    assertThat(enforcer.check(subject, purpose, Consistency.full())
                                    .reason())
                            .isEqualTo(DecisionReason.PURPOSE_RETIRED);
                }
            }
        }
    }

    @Test
    void unknownPurpose_checkDenies_andRequireThrowsNamingIt() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        long before = cs.enforcer().stats().unknownPurpose();

        Decision d = cs.enforcer().check("user-1", Fixtures.UNDEFINED);

        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
        assertThat(d.purposeId()).isEqualTo(Fixtures.UNDEFINED);
        assertThat(d.legalBasis()).isNull();
        assertThat(d.recordId()).isNull();
        assertThat(cs.enforcer()
                        .check("user-1", Fixtures.UNDEFINED, Consistency.full())
                        .reason())
                .isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
        assertThatThrownBy(() -> cs.enforcer().require("user-1", Fixtures.UNDEFINED))
                .isInstanceOfSatisfying(ProcessingDeniedException.class, e -> {
                    assertThat(e.decision().reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
                    assertThat(e.decision().purposeId()).isEqualTo(Fixtures.UNDEFINED);
                    assertThat(e.subject()).isEqualTo("user-1");
                })
                .hasMessageContaining(Fixtures.UNDEFINED)
                .hasMessageContaining("UNKNOWN_PURPOSE");
        assertThat(cs.enforcer().stats().unknownPurpose()).isEqualTo(before + 3);
    }

    @Test
    void require_throwsCarryingTheDecisionThatCheckReturns() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.ledger().withdraw("user-1", EMAIL, WEB);
        Decision checked = cs.enforcer().check("user-1", EMAIL);

        assertThatThrownBy(() -> cs.enforcer().require("user-1", EMAIL))
                .isInstanceOfSatisfying(ProcessingDeniedException.class, e -> {
                    assertThat(e.decision()).isEqualTo(checked);
                    assertThat(e.subject()).isEqualTo("user-1");
                })
                .hasMessageContaining(EMAIL)
                .hasMessageContaining("CONSENT_WITHDRAWN")
                .hasMessageContaining(String.valueOf(checked.recordId()))
                .as("the subject id may be personal data: not in the message, which ends up in logs")
                .hasMessageNotContaining("user-1");
        assertThatThrownBy(() -> cs.enforcer().require("user-1", EMAIL, Consistency.full()))
                .isInstanceOfSatisfying(
                        ProcessingDeniedException.class,
                        e -> assertThat(e.decision()).isEqualTo(checked));
    }

    @Test
    void decisionsForOnePurpose_ignoreRecordsOfAnother() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.ledger().deny("user-1", SMS, WEB);

        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_DENIED);
        assertThat(cs.enforcer().check("user-2", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
    }

    private static void assertDenied(
            Enforcer enforcer, String subject, String purpose, DecisionReason reason, ConsentRecord proof) {
        Decision d = enforcer.check(subject, purpose);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.recordId()).isEqualTo(proof.id());
        assertThat(d.purposeVersion()).isEqualTo(proof.purposeVersion());
        assertThatThrownBy(() -> enforcer.require(subject, purpose))
                .isInstanceOfSatisfying(
                        ProcessingDeniedException.class,
                        e -> assertThat(e.decision()).isEqualTo(d));
    }
}
