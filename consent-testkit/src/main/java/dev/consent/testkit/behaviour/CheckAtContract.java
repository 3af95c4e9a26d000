package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code Enforcer.checkAt}: the decision the enforcer would have made at an instant. At the current
 * instant it agrees with a live check for every reason; at past instants it judges expiry, purpose versions,
 * retirement and lifecycle as they were then.
 */
public abstract class CheckAtContract extends BehaviourContract {

    @Test
    void checkAtNow_agreesWithTheLiveCheck_forEveryReason() {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes().define(Fixtures.simple("retired.one", LegalBasis.CONSENT));
        cs.ledger().grant("granted", EMAIL, WEB);
        cs.ledger().grant("expired", EMAIL, WEB);
        cs.ledger().deny("denied", EMAIL, WEB);
        cs.ledger().grant("withdrawn", EMAIL, WEB);
        cs.ledger().withdraw("withdrawn", EMAIL, WEB);
        cs.ledger().grant("reconsent", SMS, WEB);
        cs.ledger().object("objected", ANALYTICS, WEB);
        cs.ledger().grant("erased", EMAIL, WEB);
        cs.ledger().erase("erased", WEB);
        cs.ledger().grant("deceased", EMAIL, WEB);
        cs.ledger().markDeceased("deceased", WEB);
        cs.purposes()
                .define(Fixtures.simple(OptOutSignalContract.SALE, LegalBasis.CONSENT).toBuilder()
                        .saleOrSharing(dev.consent.SaleOrSharing.SALE)
                        .optOutJurisdictions(List.of("US-CA"))
                        .build());
        cs.ledger().honourOptOutSignal("optedout", dev.consent.OptOutSignal.GPC, OptOutSignalContract.GPC);
        cs.ledger().stateAge("child", dev.consent.AgeStatement.ageBand(8, 10, "EU"), WEB);
        cs.ledger().grant("child", EMAIL, WEB);
        clock.advance(Fixtures.EMAIL_MAX_AGE);
        cs.ledger().grant("granted", EMAIL, WEB);
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(2)
                        .description("Weekly offers by SMS.")
                        .materialChange()
                        .build());
        cs.purposes()
                .define(Fixtures.simple("retired.one", LegalBasis.CONSENT).toBuilder()
                        .version(2)
                        .retired(true)
                        .build());
        clock.advance(Duration.ofSeconds(1));

        Set<DecisionReason> seen = EnumSet.noneOf(DecisionReason.class);
        List<String> subjects = List.of(
                "granted",
                "expired",
                "denied",
                "withdrawn",
                "reconsent",
                "objected",
                "erased",
                "deceased",
                "optedout",
                "child",
                "stranger");
        List<String> purposes =
                List.of(EMAIL, SMS, ANALYTICS, BILLING, "retired.one", OptOutSignalContract.SALE, Fixtures.UNDEFINED);
        Instant now = clock.instant();
        for (Enforcer enforcer : List.of(cs.enforcer(), system().enforcer())) {
            for (String subject : subjects) {
                for (String purpose : purposes) {
                    Decision live = enforcer.check(subject, purpose);
                    assertThat(enforcer.checkAt(subject, purpose, now))
                            .as(subject + " / " + purpose)
                            .isEqualTo(live)
                            .isEqualTo(enforcer.check(subject, purpose, Consistency.full()));
                    seen.add(live.reason());
                    Decision inCalifornia = enforcer.checkIn(subject, purpose, "US-CA");
                    assertThat(enforcer.checkAtIn(subject, purpose, now, "US-CA"))
                            .as(subject + " / " + purpose + " in US-CA")
                            .isEqualTo(inCalifornia)
                            .isEqualTo(enforcer.checkIn(subject, purpose, "US-CA", Consistency.full()));
                    seen.add(inCalifornia.reason());
                }
            }
        }
        assertThat(seen)
                .as("every reason but an outage was compared")
                .isEqualTo(EnumSet.complementOf(EnumSet.of(
                        DecisionReason.STORE_UNAVAILABLE,
                        // recipient-scoped checks only; RecipientsContract compares checkAt with them
                        DecisionReason.RECIPIENT_NOT_AGREED,
                        DecisionReason.RECIPIENT_NOT_IN_FORCE)));
    }

    @Test
    void checkAt_whileTheStoreFails_deniesWithStoreUnavailable_likeALiveCheck() {
        FailingStore failing = new FailingStore(store);
        ConsentSystem cs = systemOver(failing, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-1", EMAIL, WEB);
        failing.failEverything();

        Decision at = cs.enforcer().checkAt("user-1", EMAIL, clock.instant());

        assertThat(at.reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        assertThat(at).isEqualTo(cs.enforcer().check("user-1", EMAIL, Consistency.full()));
        failing.recover();
        assertThat(cs.enforcer().checkAt("user-1", EMAIL, clock.instant()).reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void checkAt_pastInstants_aroundGrantWithdrawalAndExpiry() {
        ConsentSystem cs = systemWithPurposes();
        Instant granted = clock.advance(Duration.ofMinutes(1));
        ConsentRecord grant = cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Duration.ofDays(30));
        Instant withdrawn = clock.instant();
        ConsentRecord withdrawal =
                cs.ledger().withdraw("user-1", EMAIL, WEB).records().get(0);
        Instant regranted = clock.advance(Duration.ofDays(1));
        ConsentRecord regrant =
                cs.ledger().grant("user-1", EMAIL, WEB).records().get(0);
        clock.advance(Fixtures.EMAIL_MAX_AGE.plusDays(10));
        Enforcer enforcer = cs.enforcer();

        assertAt(enforcer, EMAIL, granted.minusMillis(1), DecisionReason.NO_CONSENT, null);
        assertAt(enforcer, EMAIL, granted, DecisionReason.CONSENT_GRANTED, grant);
        assertAt(enforcer, EMAIL, withdrawn.minusMillis(1), DecisionReason.CONSENT_GRANTED, grant);
        assertAt(enforcer, EMAIL, withdrawn, DecisionReason.CONSENT_WITHDRAWN, withdrawal);
        assertAt(enforcer, EMAIL, regranted, DecisionReason.CONSENT_GRANTED, regrant);
        assertAt(enforcer, EMAIL, regrant.expiresAt().minusMillis(1), DecisionReason.CONSENT_GRANTED, regrant);
        assertAt(enforcer, EMAIL, regrant.expiresAt(), DecisionReason.CONSENT_EXPIRED, regrant);
        assertAt(enforcer, EMAIL, clock.instant(), DecisionReason.CONSENT_EXPIRED, regrant);
        assertThat(enforcer.checkAt("user-1", EMAIL, Fixtures.START.minusSeconds(1))
                        .reason())
                .as("before the purpose was defined")
                .isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
    }

    @Test
    void checkAt_judgesPurposeVersionsAndRetirementInForceThen() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grant = cs.ledger().grant("user-1", SMS, WEB).records().get(0);
        Instant editorial = clock.advance(Duration.ofDays(1));
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(2)
                        .description("Offers by text message, rarely.")
                        .build());
        Instant material = clock.advance(Duration.ofDays(1));
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(3)
                        .description("Offers by SMS, daily.")
                        .materialChange()
                        .build());
        Instant regranted = clock.advance(Duration.ofDays(1));
        ConsentRecord regrant = cs.ledger().grant("user-1", SMS, WEB).records().get(0);
        Instant retired = clock.advance(Duration.ofDays(1));
        cs.purposes()
                .define(Fixtures.sms().toBuilder()
                        .version(4)
                        .minValidVersion(3)
                        .retired(true)
                        .build());
        clock.advance(Duration.ofDays(1));
        Enforcer enforcer = cs.enforcer();

        assertAt(enforcer, SMS, editorial, DecisionReason.CONSENT_GRANTED, grant);
        assertAt(enforcer, SMS, material.minusMillis(1), DecisionReason.CONSENT_GRANTED, grant);
        assertAt(enforcer, SMS, material, DecisionReason.RECONSENT_REQUIRED, grant);
        assertThat(enforcer.checkAt("user-1", SMS, material).purposeVersion())
                .as("the version granted")
                .isEqualTo(1);
        assertAt(enforcer, SMS, regranted, DecisionReason.CONSENT_GRANTED, regrant);
        assertThat(enforcer.checkAt("user-1", SMS, regranted).purposeVersion()).isEqualTo(3);
        assertAt(enforcer, SMS, retired.minusMillis(1), DecisionReason.CONSENT_GRANTED, regrant);
        assertAt(enforcer, SMS, retired, DecisionReason.PURPOSE_RETIRED, null);
    }

    @Test
    void checkAt_pastInstants_aroundErasureAndDeath() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grantA = cs.ledger().grant("user-a", EMAIL, WEB).records().get(0);
        ConsentRecord grantB = cs.ledger().grant("user-b", EMAIL, WEB).records().get(0);
        Instant erased = clock.advance(Duration.ofHours(1));
        ConsentRecord erasure = cs.ledger().erase("user-a", WEB).records().get(0);
        ConsentRecord death = cs.ledger().markDeceased("user-b", WEB).records().get(0);
        clock.advance(Duration.ofHours(1));
        Enforcer enforcer = cs.enforcer();

        assertThat(enforcer.checkAt("user-a", EMAIL, erased.minusMillis(1)).recordId())
                .isEqualTo(grantA.id());
        assertThat(enforcer.checkAt("user-a", EMAIL, erased.minusMillis(1)).allowed())
                .isTrue();
        assertThat(enforcer.checkAt("user-a", EMAIL, erased)).satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
            assertThat(d.recordId()).isEqualTo(erasure.id());
        });
        assertThat(enforcer.checkAt("user-b", EMAIL, erased.minusMillis(1)).recordId())
                .isEqualTo(grantB.id());
        assertThat(enforcer.checkAt("user-b", ANALYTICS, erased.minusMillis(1)).reason())
                .isEqualTo(DecisionReason.NO_OBJECTION);
        assertThat(enforcer.checkAt("user-b", ANALYTICS, erased)).satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DecisionReason.SUBJECT_DECEASED);
            assertThat(d.recordId()).isEqualTo(death.id());
        });
        assertThat(enforcer.checkAt("user-b", BILLING, erased).reason())
                .isEqualTo(DecisionReason.LEGAL_BASIS_NOT_CONSENT);
    }

    @Test
    void checkAt_agreesWithStateAt_forEveryPurpose() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.ledger().object("user-1", ANALYTICS, WEB);
        Instant t = clock.advance(Duration.ofDays(3));
        cs.ledger().withdraw("user-1", EMAIL, WEB);

        for (Instant at : List.of(Fixtures.START, t.minusMillis(1), t, t.plusSeconds(1))) {
            cs.ledger()
                    .stateAt("user-1", at)
                    .purposes()
                    .forEach((purpose, state) -> assertThat(cs.enforcer().checkAt("user-1", purpose, at))
                            .isEqualTo(state.decision()));
        }
    }

    @Test
    void checkAt_readsOneSubjectsRecords_once_andNeverTheFeed() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        for (int i = 0; i < 20; i++) {
            cs.ledger().grant("other-" + i, EMAIL, WEB);
        }
        cs.ledger().grant("user-1", EMAIL, WEB);
        counting.reset();

        cs.enforcer().checkAt("user-1", EMAIL, clock.instant());
        cs.ledger().stateAt("user-1", clock.instant());

        assertThat(counting.readSubjectCalls()).isEqualTo(2);
        assertThat(counting.readFeedCalls()).isZero();
        assertThat(counting.loadCurrentStatesCalls()).isZero();
    }

    @Test
    void checkAt_badInput_isRejected_namingTheField() {
        ConsentSystem cs = systemWithPurposes();

        assertThatThrownBy(() -> cs.enforcer().checkAt(" ", EMAIL, clock.instant()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> cs.enforcer().checkAt("user-1", EMAIL, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("instant");
        assertThatThrownBy(() -> cs.enforcer().checkAt("user-1", null, clock.instant()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("purposeId");
    }

    private static void assertAt(
            Enforcer enforcer, String purpose, Instant at, DecisionReason reason, ConsentRecord proof) {
        Decision d = enforcer.checkAt("user-1", purpose, at);
        assertThat(d.reason()).as("at " + at).isEqualTo(reason);
        assertThat(d.allowed()).isEqualTo(reason.allows());
        assertThat(d.recordId()).isEqualTo(proof == null ? null : proof.id());
    }
}
