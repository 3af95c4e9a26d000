package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ActorType;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.UnknownPurposeException;
import dev.consent.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Appending to the ledger and reading it back: atomicity, what a record holds, idempotency, states. */
public abstract class LedgerContract extends BehaviourContract {

    @Test
    void interaction_withSeveralPurposes_isAppendedTogether_underOneInteractionId() {
        ConsentSystem cs = systemWithPurposes();
        Interaction form = Interaction.builder("user-1")
                .interactionId("form-7781")
                .context(WEB)
                .grant(EMAIL)
                .deny(SMS)
                .object(ANALYTICS)
                .build();

        WriteResult result = cs.ledger().record(form);

        assertThat(result.replayed()).isFalse();
        assertThat(result.subject()).isEqualTo("user-1");
        assertThat(result.interactionId()).isEqualTo("form-7781");
        assertThat(result.records()).extracting(ConsentRecord::purposeId).containsExactly(EMAIL, SMS, ANALYTICS);
        assertThat(result.records())
                .extracting(ConsentRecord::action)
                .containsExactly(Action.GRANTED, Action.DENIED, Action.OBJECTED);
        assertThat(result.records())
                .allSatisfy(r -> assertThat(r.interactionId()).isEqualTo("form-7781"));
        assertThat(result.records()).extracting(ConsentRecord::subjectSequence).containsExactly(1L, 2L, 3L);
        long first = result.records().get(0).position();
        assertThat(result.records()).extracting(ConsentRecord::position).containsExactly(first, first + 1, first + 2);
        assertThat(result.position()).isEqualTo(first + 2);
        assertThat(cs.ledger().history("user-1")).containsExactlyElementsOf(result.records());
        assertThat(cs.ledger().headPosition()).isEqualTo(result.position());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "unknown purpose",
                "unknown version",
                "objection to a consent purpose",
                "consent decision on a legitimate interest",
                "grant of a retired purpose"
            })
    void interaction_mixingValidAndInvalidItems_writesNothing(String invalidItem) {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes().define(Fixtures.simple("marketing.post", LegalBasis.CONSENT));
        cs.purposes().define(Fixtures.simple("old.newsletter", LegalBasis.CONSENT));
        cs.purposes()
                .define(Fixtures.simple("old.newsletter", LegalBasis.CONSENT).toBuilder()
                        .version(2)
                        .retired(true)
                        .build());
        WriteResult earlier = cs.ledger().grant("user-1", SMS, WEB);
        long head = cs.ledger().headPosition();
        Interaction.Builder form =
                Interaction.builder("user-1").context(WEB).grant(EMAIL).withdraw(SMS);
        switch (invalidItem) {
            case "unknown purpose" -> form.grant(Fixtures.UNDEFINED);
            case "unknown version" -> form.grant("marketing.post", 9);
            case "objection to a consent purpose" -> form.object("marketing.post");
            case "consent decision on a legitimate interest" -> form.grant(ANALYTICS);
            case "grant of a retired purpose" -> form.grant("old.newsletter");
            default -> throw new IllegalArgumentException(invalidItem);
        }
        Interaction interaction = form.build();

        assertThatThrownBy(() -> cs.ledger().record(interaction))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("items[2]");

        assertThat(cs.ledger().history("user-1")).containsExactlyElementsOf(earlier.records());
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(cs.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(system().enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void record_carriesEveryDetailOfHowItWasCollected() {
        ConsentSystem cs = systemWithPurposes();
        clock.advance(Duration.ofMillis(1234));
        Instant now = clock.instant();
        CollectionContext ctx = Fixtures.detailed();

        WriteResult result = cs.ledger()
                .record(Interaction.builder("child-9")
                        .interactionId("onboarding-1")
                        .context(ctx)
                        .grant(EMAIL)
                        .grant(SMS)
                        .build());

        ConsentRecord email = result.records().get(0);
        assertThat(email.subject()).isEqualTo("child-9");
        assertThat(email.purposeId()).isEqualTo(EMAIL);
        assertThat(email.purposeVersion()).isEqualTo(1);
        assertThat(email.action()).isEqualTo(Action.GRANTED);
        assertThat(email.recordedAt()).isEqualTo(now);
        assertThat(email.expiresAt()).isEqualTo(now.plus(Fixtures.EMAIL_MAX_AGE));
        assertThat(email.collectionPoint()).isEqualTo("app_onboarding_v7");
        assertThat(email.channel()).isEqualTo(Channel.MOBILE_APP);
        assertThat(email.noticeVersion()).isEqualTo("privacy-2024-02");
        assertThat(email.actor().type()).isEqualTo(ActorType.GUARDIAN);
        assertThat(email.actor().id()).isEqualTo("parent-17");
        assertThat(email.actor().authority()).isEqualTo("parental responsibility");
        assertThat(email.jurisdiction()).isEqualTo("EU");
        assertThat(email.interactionId()).isEqualTo("onboarding-1");
        assertThat(email.evidenceDigest()).isNotNull();
        assertThat(email.previousHash()).isNull();
        ConsentRecord sms = result.records().get(1);
        assertThat(sms.expiresAt()).as("SMS consent has no maximum age").isNull();
        assertThat(sms.previousHash()).isEqualTo(email.hash());
        assertThat(cs.ledger().history("child-9")).containsExactly(email, sms);
        assertThat(cs.ledger().evidence("child-9"))
                .containsEntry(email.id(), ctx.evidence())
                .containsEntry(sms.id(), ctx.evidence())
                .hasSize(2);
    }

    @Test
    void recordsWithoutEvidence_haveNoDigest_andNoStoredEvidence() {
        ConsentSystem cs = systemWithPurposes();
        WriteResult result = cs.ledger().grant("user-1", EMAIL, WEB);

        assertThat(result.records().get(0).evidenceDigest()).isNull();
        assertThat(result.records().get(0).actor().type()).isEqualTo(ActorType.SUBJECT);
        assertThat(cs.ledger().evidence("user-1")).isEmpty();
    }

    @Test
    void grantOfTheVersionSeen_recordsThatVersion_andItsExpiry() {
        ConsentSystem cs = systemWithPurposes();
        cs.purposes()
                .define(Fixtures.email().toBuilder()
                        .version(2)
                        .description("Weekly news.")
                        .build());

        WriteResult seenV1 = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(WEB)
                        .grant(EMAIL, 1)
                        .build());
        WriteResult current = cs.ledger().grant("user-2", EMAIL, WEB);

        assertThat(seenV1.records().get(0).purposeVersion()).isEqualTo(1);
        assertThat(current.records().get(0).purposeVersion()).isEqualTo(2);
    }

    @Test
    void convenienceMethods_recordTheirActionForTheCurrentVersion() {
        ConsentSystem cs = systemWithPurposes();
        ConsentLedger ledger = cs.ledger();
        Instant now = clock.instant();

        ConsentRecord granted = ledger.grant("user-1", EMAIL, WEB).records().get(0);
        ConsentRecord denied = ledger.deny("user-1", SMS, WEB).records().get(0);
        ConsentRecord withdrawn =
                ledger.withdraw("user-1", EMAIL, WEB).records().get(0);
        ConsentRecord objected =
                ledger.object("user-1", ANALYTICS, WEB).records().get(0);
        ConsentRecord objectionWithdrawn =
                ledger.withdrawObjection("user-1", ANALYTICS, WEB).records().get(0);

        assertThat(List.of(granted, denied, withdrawn, objected, objectionWithdrawn))
                .extracting(ConsentRecord::action)
                .containsExactly(
                        Action.GRANTED, Action.DENIED, Action.WITHDRAWN, Action.OBJECTED, Action.OBJECTION_WITHDRAWN);
        assertThat(List.of(granted, denied, withdrawn, objected, objectionWithdrawn))
                .extracting(ConsentRecord::purposeId)
                .containsExactly(EMAIL, SMS, EMAIL, ANALYTICS, ANALYTICS);
        assertThat(List.of(granted, denied, withdrawn, objected, objectionWithdrawn))
                .allSatisfy(r -> {
                    assertThat(r.purposeVersion()).isEqualTo(1);
                    assertThat(r.collectionPoint()).isEqualTo("signup_form_v3");
                    assertThat(r.channel()).isEqualTo(Channel.WEB);
                    assertThat(r.recordedAt()).isEqualTo(now);
                });
        assertThat(granted.expiresAt()).isEqualTo(now.plus(Fixtures.EMAIL_MAX_AGE));
        assertThat(List.of(denied, withdrawn, objected, objectionWithdrawn))
                .allSatisfy(r -> assertThat(r.expiresAt()).isNull());
        assertThat(ledger.history("user-1")).hasSize(5);
    }

    @Test
    void everyWrite_returnsItsLedgerPosition_andPositionsIncrease() {
        ConsentSystem cs = systemWithPurposes();
        long start = cs.ledger().headPosition();
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String subject = "user-" + (i % 4);
            WriteResult w = i % 2 == 0
                    ? cs.ledger().grant(subject, EMAIL, WEB)
                    : cs.ledger().withdraw(subject, EMAIL, WEB);
            assertThat(w.position())
                    .isEqualTo(w.records().get(w.records().size() - 1).position());
            assertThat(cs.ledger().headPosition()).isEqualTo(w.position());
            positions.add(w.position());
        }

        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(positions.get(0)).isGreaterThan(start);
    }

    @Test
    void recordingTheSameInteractionTwice_writesOnce_andTheSecondIsAReplay() {
        ConsentSystem cs = systemWithPurposes();
        Interaction form = Interaction.builder("user-1")
                .interactionId("form-42")
                .context(WEB)
                .grant(EMAIL)
                .grant(SMS)
                .build();
        WriteResult first = cs.ledger().record(form);
        long head = cs.ledger().headPosition();
        clock.advance(Duration.ofSeconds(5));

        WriteResult second = cs.ledger().record(form);
        Interaction sameIdRebuilt = Interaction.builder("user-1")
                .interactionId("form-42")
                .context(WEB)
                .grant(EMAIL)
                .grant(SMS)
                .build();
        WriteResult third = system().ledger().record(sameIdRebuilt);

        assertThat(second.replayed()).isTrue();
        assertThat(second.records()).containsExactlyElementsOf(first.records());
        assertThat(second.position()).isEqualTo(first.position());
        assertThat(third.replayed()).isTrue();
        assertThat(third.records()).containsExactlyElementsOf(first.records());
        assertThat(cs.ledger().history("user-1")).hasSize(2);
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void recordingAnImportedInteractionAgain_afterLaterWrites_isStillAReplay() {
        ConsentSystem cs = systemWithPurposes();
        Interaction paperForm = Interaction.builder("user-1")
                .interactionId("paper-2023-118")
                .context(WEB)
                .occurredAt(Fixtures.START.minus(Duration.ofDays(30)))
                .grant(EMAIL)
                .build();
        WriteResult first = cs.ledger().record(paperForm);
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().grant("user-1", SMS, WEB);
        long head = cs.ledger().headPosition();

        WriteResult retry = cs.ledger().record(paperForm);

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.records()).containsExactlyElementsOf(first.records());
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void write_onAHeadThatMovedElsewhere_retriesAndExtendsTheChain() {
        ConsentSystem a = systemWithPurposes();
        ConsentSystem b = system();
        a.enforcer().check("user-1", EMAIL);
        b.ledger().grant("user-1", EMAIL, WEB);
        b.ledger().grant("user-1", SMS, WEB);

        WriteResult w = a.ledger().withdraw("user-1", EMAIL, WEB);

        assertThat(w.records().get(0).subjectSequence()).isEqualTo(3);
        assertThat(a.ledger().history("user-1")).hasSize(3);
        assertThat(a.ledger().verify("user-1").ok()).isTrue();
        assertThat(a.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(a.enforcer().check("user-1", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void concurrentWriters_onOneSubject_allLand_andTheChainVerifies() throws Exception {
        ConsentSystem a = system(s -> s.conflictRetries(1000));
        Fixtures.defineStandard(a.purposes());
        ConsentSystem b = system(s -> s.conflictRetries(1000));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (ConsentSystem cs : List.of(a, b)) {
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        cs.ledger()
                                .record(Interaction.builder("shared")
                                        .context(WEB)
                                        .decision(
                                                i % 2 == 0 ? EMAIL : SMS,
                                                0,
                                                i % 4 < 2 ? Action.GRANTED : Action.WITHDRAWN)
                                        .build());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writers) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(a.ledger().history("shared"))
                .hasSize(80)
                .extracting(ConsentRecord::subjectSequence)
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(a.ledger().verify().ok()).isTrue();
    }

    @Test
    void interactionIds_areKeptPerSubject() {
        ConsentSystem cs = systemWithPurposes();
        WriteResult a = cs.ledger()
                .record(Interaction.builder("user-1")
                        .interactionId("shared-id")
                        .context(WEB)
                        .grant(EMAIL)
                        .build());
        WriteResult b = cs.ledger()
                .record(Interaction.builder("user-2")
                        .interactionId("shared-id")
                        .context(WEB)
                        .grant(EMAIL)
                        .build());

        assertThat(b.replayed()).isFalse();
        assertThat(b.position()).isGreaterThan(a.position());
        assertThat(cs.ledger().history("user-2")).hasSize(1);
    }

    @Test
    void writeForAnUnknownPurpose_namesIt_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();

        assertThatThrownBy(() -> cs.ledger().grant("user-1", Fixtures.UNDEFINED, WEB))
                .isInstanceOfSatisfying(
                        UnknownPurposeException.class,
                        e -> assertThat(e.purposeId()).isEqualTo(Fixtures.UNDEFINED))
                .hasMessageContaining(Fixtures.UNDEFINED);
        assertThat(cs.ledger().headPosition()).isZero();
    }
}
