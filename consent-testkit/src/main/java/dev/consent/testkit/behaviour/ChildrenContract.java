package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.AccessExport;
import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.ActorType;
import dev.consent.AgeOfConsent;
import dev.consent.AgeStatement;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ComingOfAge;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.GuardianVerification;
import dev.consent.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The children rule (GDPR Art. 8, COPPA): once the application states a subject's birth date or age band, a
 * grant given while the subject was under the jurisdiction's age of digital consent counts only when a guardian
 * with a recorded verification method gave it; a guardian's grant lapses when the subject comes of age (by
 * default). Every answer is checked live, cached, bulk, fully consistent, {@code checkAt}, {@code stateAt} and
 * in the access export, on a system that has the records cached and on one that loads them.
 */
public abstract class ChildrenContract extends BehaviourContract {
    /** Turns 16 (Germany's age) on 2028-06-01; 11 at {@link Fixtures#START}. */
    private static final LocalDate CHILD = LocalDate.of(2012, 6, 1);
    /** Turns 16 at 2024-03-06T00:00Z, 9 h 46 min after {@link Fixtures#START}. */
    private static final LocalDate ALMOST_16 = LocalDate.of(2008, 3, 6);

    private static final Instant ALMOST_16_COMES_OF_AGE = Instant.parse("2024-03-06T00:00:00Z");

    private static final CollectionContext AGE_GATE = CollectionContext.of(Channel.WEB, "age_gate_v1");
    private static final CollectionContext PARENT = CollectionContext.builder(Channel.WEB)
            .collectionPoint("parental_consent_v1")
            .actor(Actor.guardian("parent-1", GuardianVerification.PAYMENT_TRANSACTION))
            .build();
    private static final CollectionContext UNVERIFIED_PARENT = CollectionContext.builder(Channel.WEB)
            .collectionPoint("parental_consent_v1")
            .actor(new Actor(ActorType.GUARDIAN, "parent-1", null))
            .build();

    @Test
    void ageStatement_isAProvenSubjectLevelRecord_thatStopsNothingByItself() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord stated = cs.ledger()
                .stateAge("kid", AgeStatement.birthDate(CHILD, "DE"), AGE_GATE)
                .records()
                .get(0);

        assertThat(stated.action()).isEqualTo(Action.AGE_STATED);
        assertThat(stated.purposeId()).isNull();
        assertThat(stated.jurisdiction()).isEqualTo("DE");
        assertThat(stated.expiresAt()).isEqualTo(Instant.parse("2028-06-01T00:00:00Z"));
        assertThat(stated.evidenceDigest()).isNotNull();
        assertThat(cs.ledger().history("kid")).containsExactly(stated);
        assertThat(store.readFeed(0, 100)).extracting(ConsentRecord::id).contains(stated.id());
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().evidence("kid").get(stated.id()).attributes()).containsEntry("birthDate", "2012-06-01");
        for (Enforcer e : List.of(cs.enforcer(), system().enforcer())) {
            assertThat(e.check("kid", ANALYTICS).reason()).isEqualTo(DecisionReason.NO_OBJECTION);
            assertThat(e.check("kid", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        }
        assertThat(cs.ledger().currentState("kid").lifecycle()).isNull();
    }

    @Test
    void childsOwnGrant_isDeniedEverywhere_withGuardianConsentRequired() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().stateAge("kid", AgeStatement.birthDate(CHILD, "DE"), AGE_GATE);
        ConsentRecord grant = cs.ledger().grant("kid", EMAIL, WEB).records().get(0);

        assertEverywhere(cs, "kid", EMAIL, DecisionReason.GUARDIAN_CONSENT_REQUIRED, grant.id());
        assertThat(cs.ledger().currentState("kid").purposes().get(EMAIL).status())
                .isEqualTo(ConsentStatus.GUARDIAN_CONSENT_REQUIRED);
    }

    @Test
    void guardianGrant_countsOnlyWithTheVerificationMethodRecorded() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().stateAge("kid", AgeStatement.birthDate(CHILD, "DE"), AGE_GATE);
        ConsentRecord verified =
                cs.ledger().grant("kid", EMAIL, PARENT).records().get(0);
        ConsentRecord unverified =
                cs.ledger().grant("kid", SMS, UNVERIFIED_PARENT).records().get(0);

        assertEverywhere(cs, "kid", EMAIL, DecisionReason.CONSENT_GRANTED, verified.id());
        assertEverywhere(cs, "kid", SMS, DecisionReason.GUARDIAN_CONSENT_REQUIRED, unverified.id());
    }

    @Test
    void statementAfterTheGrant_judgesTheEarlierGrant_butCheckAtBeforeTheStatementDoesNot() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grant = cs.ledger().grant("kid", EMAIL, WEB).records().get(0);
        cs.enforcer().check("kid", EMAIL); // cached before the statement
        Instant before = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().stateAge("kid", AgeStatement.ageBand(13, 15, "DE"), AGE_GATE);

        assertEverywhere(cs, "kid", EMAIL, DecisionReason.GUARDIAN_CONSENT_REQUIRED, grant.id());
        assertThat(cs.enforcer().checkAt("kid", EMAIL, before).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.ledger().stateAt("kid", before).purposes().get(EMAIL).status())
                .isEqualTo(ConsentStatus.GRANTED);
    }

    @Test
    void adultsAndBands_atOrOverTheAge_grantThemselves() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().stateAge("adult", AgeStatement.birthDate(LocalDate.of(1990, 1, 1), "DE"), AGE_GATE);
        cs.ledger().stateAge("band", AgeStatement.atLeast(16, "DE"), AGE_GATE);
        cs.ledger().stateAge("teen-us", AgeStatement.ageBand(13, 15, "US-CA"), AGE_GATE);
        cs.ledger().stateAge("straddles", AgeStatement.ageBand(14, 17, "DE"), AGE_GATE);
        UUID adult = cs.ledger().grant("adult", EMAIL, WEB).records().get(0).id();
        UUID band = cs.ledger().grant("band", EMAIL, WEB).records().get(0).id();
        UUID teenUs = cs.ledger().grant("teen-us", EMAIL, WEB).records().get(0).id();
        UUID straddles =
                cs.ledger().grant("straddles", EMAIL, WEB).records().get(0).id();

        assertEverywhere(cs, "adult", EMAIL, DecisionReason.CONSENT_GRANTED, adult);
        assertEverywhere(cs, "band", EMAIL, DecisionReason.CONSENT_GRANTED, band);
        assertEverywhere(cs, "teen-us", EMAIL, DecisionReason.CONSENT_GRANTED, teenUs); // COPPA: 13, via US
        assertEverywhere(cs, "straddles", EMAIL, DecisionReason.GUARDIAN_CONSENT_REQUIRED, straddles);
    }

    @Test
    void memberStateAges_areConfigurableData() {
        ConsentSystem cs =
                system(b -> b.ageOfConsent(AgeOfConsent.builder().age("FR", 15).build()));
        Fixtures.defineStandard(cs.purposes());
        LocalDate fifteen = LocalDate.of(2008, 12, 1); // 15 at START
        cs.ledger().stateAge("fr", AgeStatement.birthDate(fifteen, "FR"), AGE_GATE);
        cs.ledger().stateAge("de", AgeStatement.birthDate(fifteen, "DE"), AGE_GATE);
        UUID fr = cs.ledger().grant("fr", EMAIL, WEB).records().get(0).id();
        UUID de = cs.ledger().grant("de", EMAIL, WEB).records().get(0).id();

        assertEverywhere(cs, "fr", EMAIL, DecisionReason.CONSENT_GRANTED, fr);
        assertEverywhere(cs, "de", EMAIL, DecisionReason.GUARDIAN_CONSENT_REQUIRED, de);
        assertThatThrownBy(() -> AgeOfConsent.builder().age("IT", 12))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ages[IT]"));
    }

    @Test
    void comingOfAge_guardianGrantNeedsReconsent_atTheInstant_cachedCheckAtAndStateAt() {
        ConsentSystem cs = system(b -> b.cacheExpireAfterWrite(Duration.ofDays(2)));
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().stateAge("teen", AgeStatement.birthDate(ALMOST_16, "DE"), AGE_GATE);
        ConsentRecord guardian =
                cs.ledger().grant("teen", EMAIL, PARENT).records().get(0);
        ConsentRecord own = cs.ledger().grant("teen", SMS, WEB).records().get(0);
        assertThat(cs.enforcer().check("teen", EMAIL).allowed()).isTrue();
        assertThat(cs.enforcer().check("teen", SMS).reason()).isEqualTo(DecisionReason.GUARDIAN_CONSENT_REQUIRED);
        long misses = cs.enforcer().stats().cacheMisses();

        clock.advance(Duration.between(clock.instant(), ALMOST_16_COMES_OF_AGE).minusMillis(1));
        assertThat(cs.enforcer().check("teen", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        clock.advance(Duration.ofMillis(1));
        assertThat(cs.enforcer().check("teen", EMAIL).reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);
        assertThat(cs.enforcer().check("teen", SMS).reason())
                .as("a grant the child gave alone never counts")
                .isEqualTo(DecisionReason.GUARDIAN_CONSENT_REQUIRED);
        assertThat(cs.enforcer().stats().cacheMisses())
                .as("answered from the cache")
                .isEqualTo(misses);
        assertEverywhere(cs, "teen", EMAIL, DecisionReason.RECONSENT_REQUIRED, guardian.id());
        assertThat(cs.ledger().currentState("teen").purposes().get(EMAIL).status())
                .isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
        Instant justBefore = ALMOST_16_COMES_OF_AGE.minusMillis(1);
        assertThat(cs.enforcer().checkAt("teen", EMAIL, justBefore).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.ledger().stateAt("teen", justBefore).purposes().get(EMAIL).status())
                .isEqualTo(ConsentStatus.GRANTED);
        assertThat(cs.enforcer().checkAt("teen", SMS, justBefore).recordId()).isEqualTo(own.id());

        ConsentRecord regrant = cs.ledger().grant("teen", EMAIL, WEB).records().get(0);
        assertEverywhere(cs, "teen", EMAIL, DecisionReason.CONSENT_GRANTED, regrant.id());
    }

    @Test
    void comingOfAge_keepGuardianConsent_keepsCountingPastTheBirthday() {
        ConsentSystem cs = system(b -> b.cacheExpireAfterWrite(Duration.ofDays(2))
                .ageOfConsent(AgeOfConsent.builder()
                        .comingOfAge(ComingOfAge.KEEP_GUARDIAN_CONSENT)
                        .build()));
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().stateAge("teen", AgeStatement.birthDate(ALMOST_16, "DE"), AGE_GATE);
        ConsentRecord guardian =
                cs.ledger().grant("teen", EMAIL, PARENT).records().get(0);
        cs.enforcer().check("teen", EMAIL);

        clock.advance(Duration.ofDays(1));
        assertThat(cs.enforcer().check("teen", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().checkAt("teen", EMAIL, clock.instant()).reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.ledger()
                        .stateAt("teen", clock.instant())
                        .purposes()
                        .get(EMAIL)
                        .proof())
                .isEqualTo(guardian);
    }

    @Test
    void badStatements_areRejected_namingTheField_withNothingWritten() {
        ConsentSystem cs = systemWithPurposes();
        long head = cs.ledger().headPosition();

        assertRejected(() -> cs.ledger().stateAge("kid", AgeStatement.ageBand(13, 15, "BR"), AGE_GATE), "jurisdiction");
        assertRejected(
                () -> cs.ledger().stateAge("kid", AgeStatement.birthDate(LocalDate.of(2030, 1, 1), "DE"), AGE_GATE),
                "birthDate");
        assertRejected(
                () -> cs.ledger()
                        .stateAge(
                                "kid",
                                AgeStatement.birthDate(CHILD, "DE"),
                                CollectionContext.builder(Channel.WEB)
                                        .jurisdiction("US")
                                        .build()),
                "context.jurisdiction");
        assertRejected(() -> AgeStatement.ageBand(15, 13, "DE"), "maxYears");
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.ledger().history("kid")).isEmpty();

        cs.ledger().erase("gone", Fixtures.DPO);
        assertRejected(() -> cs.ledger().stateAge("gone", AgeStatement.birthDate(CHILD, "DE"), AGE_GATE), "subject");
    }

    @Test
    void erasure_removesTheBirthDate_keepsTheProof_andTheExportShowsTheStatementBefore() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord stated = cs.ledger()
                .stateAge("kid", AgeStatement.birthDate(CHILD, "DE"), AGE_GATE)
                .records()
                .get(0);
        cs.ledger().grant("kid", EMAIL, WEB);
        AccessExport before = cs.ledger().export("kid");
        assertThat(before.history()).anySatisfy(r -> {
            assertThat(r.action()).isEqualTo(Action.AGE_STATED);
            assertThat(r.expiresAt()).isEqualTo(stated.expiresAt());
        });
        assertThat(before.toJson()).contains("2012-06-01").contains("AGE_STATED");
        assertThat(before.purposes()).anySatisfy(p -> {
            assertThat(p.purposeId()).isEqualTo(EMAIL);
            assertThat(p.reason()).isEqualTo(DecisionReason.GUARDIAN_CONSENT_REQUIRED);
        });

        cs.ledger().erase("kid", Fixtures.DPO);

        assertThat(cs.ledger().evidence("kid")).isEmpty();
        assertThat(cs.ledger().export("kid").toJson()).doesNotContain("2012-06-01");
        assertThat(cs.ledger().history("kid")).contains(stated);
        assertThat(cs.ledger().verify("kid").ok()).isTrue();
        assertThat(cs.enforcer().check("kid", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
    }

    @Test
    void transparencyReport_countsInvalidChildGrants_asNeedingNewConsent_notActive() {
        ConsentSystem cs = systemWithPurposes();
        Instant from = clock.instant();
        for (String subject : List.of("kid", "guarded")) {
            cs.ledger().stateAge(subject, AgeStatement.birthDate(CHILD, "DE"), AGE_GATE);
        }
        cs.ledger().stateAge("teen", AgeStatement.birthDate(ALMOST_16, "DE"), AGE_GATE);
        cs.ledger().grant("kid", EMAIL, WEB);
        cs.ledger().grant("guarded", EMAIL, PARENT);
        cs.ledger().grant("teen", EMAIL, PARENT);
        cs.ledger().grant("adult", EMAIL, WEB);
        clock.advance(Duration.ofDays(1)); // past the teen's birthday
        Instant to = clock.instant();

        dev.consent.TransparencyReport.Row row = row(cs, from, to);
        assertThat(row.grants()).isEqualTo(4);
        assertThat(row.activeAtEnd()).as("guarded and adult").isEqualTo(2);
        assertThat(row.reconsentPending()).as("kid, and teen now of age").isEqualTo(2);
        ConsentSystem keeping = system(b -> b.ageOfConsent(AgeOfConsent.builder()
                .comingOfAge(ComingOfAge.KEEP_GUARDIAN_CONSENT)
                .build()));
        assertThat(row(keeping, from, to).activeAtEnd()).isEqualTo(3);
        assertThat(row(cs, from, ALMOST_16_COMES_OF_AGE).activeAtEnd())
                .as("before the birthday the teen's guardian grant counts")
                .isEqualTo(3);
    }

    private static dev.consent.TransparencyReport.Row row(ConsentSystem cs, Instant from, Instant to) {
        return cs.reports().transparency(from, to).rows().stream()
                .filter(r -> r.purposeId().equals(EMAIL))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void ageStatement_reachesListenersAndTheRelay_asASubjectLevelChange() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        List<dev.consent.ConsentChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        cs.subscribe(heard::add);
        List<dev.consent.relay.ChangeMessage> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConsentRecord stated = cs.ledger()
                .stateAge("kid", AgeStatement.birthDate(CHILD, "DE"), AGE_GATE)
                .records()
                .get(0);
        try (dev.consent.relay.Relay relay = dev.consent.relay.Relay.builder("children")
                .store(store)
                .purposes(cs.purposes())
                .state(dev.consent.spi.RelayState.inMemory())
                .sink(sent::add)
                .pollInterval(Duration.ofMillis(20))
                .build()
                .start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while ((sent.isEmpty() || heard.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.action()).isEqualTo(Action.AGE_STATED);
            assertThat(m.purpose()).isNull();
            assertThat(m.recordId()).isEqualTo(stated.id());
            assertThat(m.toJson()).doesNotContain("2012-06-01");
        });
        assertThat(heard).isNotEmpty();
    }

    private void assertEverywhere(
            ConsentSystem cs, String subject, String purpose, DecisionReason reason, @Nullable UUID recordId) {
        ConsentSystem fresh = system();
        Instant now = clock.instant();
        for (Enforcer e : List.of(cs.enforcer(), fresh.enforcer())) {
            List<Decision> answers = List.of(
                    e.check(subject, purpose),
                    e.check(subject, purpose),
                    e.check(subject, purpose, Consistency.full()),
                    e.checkAll(List.of(subject, "someone-else"), purpose).get(subject),
                    e.checkAt(subject, purpose, now));
            assertThat(answers).allSatisfy(d -> {
                assertThat(d.reason()).as("%s %s", subject, purpose).isEqualTo(reason);
                assertThat(d.recordId()).isEqualTo(recordId);
            });
        }
        assertThat(system().enforcer()
                        .checkAll(List.of(subject), purpose)
                        .get(subject)
                        .reason())
                .as("bulk load of an uncached subject")
                .isEqualTo(reason);
        assertThat(cs.ledger()
                        .stateAt(subject, now)
                        .purposes()
                        .get(purpose)
                        .decision()
                        .reason())
                .isEqualTo(reason);
        assertThat(cs.ledger()
                        .currentState(subject)
                        .purposes()
                        .get(purpose)
                        .decision()
                        .reason())
                .isEqualTo(reason);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
