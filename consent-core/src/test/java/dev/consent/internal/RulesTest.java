package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Hash;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decision table as a pure function, row by row. */
class RulesTest {
    private static final Instant T = Instant.parse("2024-03-05T14:14:00Z");

    private static Purpose consent(int version, int minValid) {
        return Purpose.builder("p")
                .version(version)
                .minValidVersion(minValid)
                .title("T")
                .description("D")
                .legalBasis(LegalBasis.CONSENT)
                .build();
    }

    private static Purpose of(LegalBasis basis) {
        return Purpose.builder("p")
                .title("T")
                .description("D")
                .legalBasis(basis)
                .build();
    }

    private static ConsentRecord record(Action action, int version) {
        return new ConsentRecord(
                1,
                UUID.randomUUID(),
                "s",
                1,
                action.isLifecycle() ? null : "p",
                action.isLifecycle() ? 0 : version,
                action,
                T,
                null,
                null,
                null,
                Channel.WEB,
                Actor.subject(),
                null,
                "i",
                null,
                null,
                Hash.of(new byte[Hash.LENGTH]));
    }

    private static void assertDecision(Decision d, DecisionReason reason, int version, ConsentRecord proof) {
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.allowed()).isEqualTo(reason.allows());
        assertThat(d.purposeId()).isEqualTo("p");
        assertThat(d.purposeVersion()).isEqualTo(version);
        assertThat(d.recordId()).isEqualTo(proof == null ? null : proof.id());
    }

    @Test
    void consent_rows() {
        Purpose p = consent(1, 1);
        ConsentRecord grant = record(Action.GRANTED, 1);
        ConsentRecord denial = record(Action.DENIED, 1);
        ConsentRecord withdrawal = record(Action.WITHDRAWN, 1);

        assertDecision(Rules.decide(p, null, null, false), DecisionReason.NO_CONSENT, 1, null);
        assertDecision(Rules.decide(p, grant, null, false), DecisionReason.CONSENT_GRANTED, 1, grant);
        assertDecision(Rules.decide(p, grant, null, true), DecisionReason.CONSENT_EXPIRED, 1, grant);
        assertDecision(Rules.decide(p, denial, null, false), DecisionReason.CONSENT_DENIED, 1, denial);
        assertDecision(Rules.decide(p, withdrawal, null, false), DecisionReason.CONSENT_WITHDRAWN, 1, withdrawal);
        assertThat(Rules.status(p, null, false)).isEqualTo(ConsentStatus.NONE);
        assertThat(Rules.status(p, grant, true)).isEqualTo(ConsentStatus.EXPIRED);
        assertThat(Rules.status(p, withdrawal, false)).isEqualTo(ConsentStatus.WITHDRAWN);
    }

    @Test
    void grantOfAVersionBelowTheOldestValid_requiresReconsent_evenWhenAlsoExpired() {
        Purpose v3 = consent(3, 2);
        ConsentRecord old = record(Action.GRANTED, 1);
        ConsentRecord valid = record(Action.GRANTED, 2);

        assertDecision(Rules.decide(v3, old, null, false), DecisionReason.RECONSENT_REQUIRED, 1, old);
        assertDecision(Rules.decide(v3, old, null, true), DecisionReason.RECONSENT_REQUIRED, 1, old);
        assertDecision(Rules.decide(v3, valid, null, false), DecisionReason.CONSENT_GRANTED, 2, valid);
        assertThat(Rules.status(v3, old, false)).isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
    }

    @Test
    void legitimateInterest_rows() {
        Purpose p = of(LegalBasis.LEGITIMATE_INTEREST);
        ConsentRecord objection = record(Action.OBJECTED, 1);
        ConsentRecord takenBack = record(Action.OBJECTION_WITHDRAWN, 1);

        assertDecision(Rules.decide(p, null, null, false), DecisionReason.NO_OBJECTION, 1, null);
        assertDecision(Rules.decide(p, objection, null, false), DecisionReason.OBJECTED, 1, objection);
        assertDecision(Rules.decide(p, takenBack, null, false), DecisionReason.NO_OBJECTION, 1, takenBack);
        assertThat(Rules.status(p, takenBack, false)).isEqualTo(ConsentStatus.OBJECTION_WITHDRAWN);
    }

    @ParameterizedTest
    @EnumSource(
            value = LegalBasis.class,
            names = {"CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTERESTS", "PUBLIC_TASK"})
    void basesOtherThanConsent_allow_whateverTheRecords(LegalBasis basis) {
        Purpose p = of(basis);
        ConsentRecord erased = record(Action.SUBJECT_ERASED, 0);

        assertDecision(Rules.decide(p, null, null, false), DecisionReason.LEGAL_BASIS_NOT_CONSENT, 1, null);
        assertDecision(Rules.decide(p, null, erased, false), DecisionReason.LEGAL_BASIS_NOT_CONSENT, 1, null);
        assertThat(Rules.decide(p, null, null, false).legalBasis()).isEqualTo(basis);
    }

    @Test
    void erasureAndDeath_denyConsentAndLegitimateInterest_whateverTheLatestRecord() {
        ConsentRecord grant = record(Action.GRANTED, 1);
        ConsentRecord erased = record(Action.SUBJECT_ERASED, 0);
        ConsentRecord deceased = record(Action.SUBJECT_DECEASED, 0);

        for (Purpose p : new Purpose[] {consent(1, 1), of(LegalBasis.LEGITIMATE_INTEREST)}) {
            assertDecision(Rules.decide(p, grant, erased, false), DecisionReason.SUBJECT_ERASED, 1, erased);
            assertDecision(Rules.decide(p, null, deceased, false), DecisionReason.SUBJECT_DECEASED, 1, deceased);
        }
    }

    @Test
    void retiredPurpose_deniesBeforeAnythingElse() {
        Purpose retired = consent(1, 1).toBuilder().retired(true).build();
        Purpose retiredContract =
                of(LegalBasis.CONTRACT).toBuilder().retired(true).build();

        assertThat(Rules.decide(retired, record(Action.GRANTED, 1), null, false).reason())
                .isEqualTo(DecisionReason.PURPOSE_RETIRED);
        assertThat(Rules.decide(retiredContract, null, null, false).reason()).isEqualTo(DecisionReason.PURPOSE_RETIRED);
    }

    @Test
    void unknownPurposeAndOutage_deny() {
        Decision unknown = Rules.unknownPurpose("nope");
        Decision outage = Rules.storeUnavailable(consent(2, 1));

        assertThat(unknown.reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
        assertThat(unknown.purposeId()).isEqualTo("nope");
        assertThat(unknown.legalBasis()).isNull();
        assertThat(unknown.allowed()).isFalse();
        assertThat(outage.reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        assertThat(outage.purposeVersion()).isEqualTo(2);
        assertThat(outage.allowed()).isFalse();
    }

    private static ConsentRecord with(ConsentRecord r, Actor actor, Action action, Instant expiresAt) {
        return new ConsentRecord(
                r.position(),
                r.id(),
                r.subject(),
                r.subjectSequence(),
                action.concernsSubject() ? null : "p",
                action.concernsSubject() ? 0 : 2,
                action,
                r.recordedAt(),
                expiresAt,
                null,
                null,
                Channel.WEB,
                actor,
                "DE",
                "i",
                null,
                null,
                r.hash());
    }

    @Test
    void children_rows() {
        Purpose p = consent(2, 2);
        Instant comesOfAge = T.plusSeconds(3600);
        ConsentRecord age = with(record(Action.GRANTED, 2), Actor.subject(), Action.AGE_STATED, comesOfAge);
        ConsentRecord own = with(record(Action.GRANTED, 2), Actor.subject(), Action.GRANTED, null);
        ConsentRecord guardian =
                with(record(Action.GRANTED, 2), Actor.guardian("g", "payment-transaction"), Action.GRANTED, null);
        ConsentRecord unverified = with(
                record(Action.GRANTED, 2), new Actor(dev.consent.ActorType.GUARDIAN, "g", null), Action.GRANTED, null);
        dev.consent.ComingOfAge require = dev.consent.ComingOfAge.REQUIRE_RECONSENT;
        dev.consent.ComingOfAge keep = dev.consent.ComingOfAge.KEEP_GUARDIAN_CONSENT;

        assertDecision(
                Rules.decide(p, own, null, false, age, require, false),
                DecisionReason.GUARDIAN_CONSENT_REQUIRED,
                2,
                own);
        assertDecision(
                Rules.decide(p, own, null, false, age, require, true),
                DecisionReason.GUARDIAN_CONSENT_REQUIRED,
                2,
                own);
        assertDecision(
                Rules.decide(p, unverified, null, false, age, keep, false),
                DecisionReason.GUARDIAN_CONSENT_REQUIRED,
                2,
                unverified);
        assertDecision(
                Rules.decide(p, guardian, null, false, age, require, false),
                DecisionReason.CONSENT_GRANTED,
                2,
                guardian);
        assertDecision(
                Rules.decide(p, guardian, null, false, age, require, true),
                DecisionReason.RECONSENT_REQUIRED,
                2,
                guardian);
        assertDecision(
                Rules.decide(p, guardian, null, false, age, keep, true), DecisionReason.CONSENT_GRANTED, 2, guardian);
        assertDecision(
                Rules.decide(p, guardian, null, true, age, keep, true), DecisionReason.CONSENT_EXPIRED, 2, guardian);
        assertDecision(Rules.decide(p, own, null, false, null, require, false), DecisionReason.CONSENT_GRANTED, 2, own);
        ConsentRecord adult = with(record(Action.GRANTED, 2), Actor.subject(), Action.AGE_STATED, T);
        assertDecision(Rules.decide(p, own, null, false, adult, require, true), DecisionReason.CONSENT_GRANTED, 2, own);
        assertThat(Rules.status(p, own, false, age, require, false)).isEqualTo(ConsentStatus.GUARDIAN_CONSENT_REQUIRED);
        assertThat(Rules.status(p, guardian, false, age, require, true)).isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
    }
}
