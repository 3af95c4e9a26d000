package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.AccessExport;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.Invalidation;
import dev.consent.ProcessingDeniedException;
import dev.consent.UnknownPurposeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reinterpretation: an operator invalidates, as a recorded registry event, the grants collected through a
 * collection point, under a notice version or in a time window. Such grants answer
 * {@link DecisionReason#RECONSENT_REQUIRED} naming the invalidation on every path (cached, fully consistent,
 * bulk, {@code checkAt}, {@code stateAt}, exports, reports, other systems); instants before the event, and after
 * its lift, answer as before; the fingerprint changes; an invalidation that matches nothing writes nothing.
 */
public abstract class ReinterpretationContract extends BehaviourContract {
    /** A form later found to have had pre-ticked boxes. */
    static final CollectionContext TICKED = CollectionContext.builder(Channel.WEB)
            .collectionPoint("newsletter_box_v1")
            .noticeVersion("privacy-2024-01")
            .build();
    /** Its corrected successor. */
    static final CollectionContext CLEAN = CollectionContext.builder(Channel.WEB)
            .collectionPoint("newsletter_box_v2")
            .noticeVersion("privacy-2024-03")
            .build();

    static Invalidation.Builder preTicked() {
        return Invalidation.builder()
                .collectionPoint("newsletter_box_v1")
                .by("dpo-1")
                .because("the form had pre-ticked boxes (CJEU C-673/17 Planet49)");
    }

    private static ConsentRecord only(dev.consent.WriteResult w) {
        return w.records().get(0);
    }

    @Test
    void invalidatedGrants_requireReconsent_onEveryPath_namingTheInvalidation() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord ticked = only(cs.ledger().grant("ticked", EMAIL, TICKED));
        cs.ledger().grant("ticked", SMS, TICKED);
        cs.ledger().grant("clean", EMAIL, CLEAN);
        assertThat(cs.enforcer().check("ticked", EMAIL).allowed())
                .as("cached before")
                .isTrue();
        assertThat(cs.enforcer().check("clean", EMAIL).allowed()).isTrue();
        clock.advance(Duration.ofMinutes(1));

        Invalidation inv = cs.purposes().invalidate(preTicked().build());

        assertThat(inv.grantsMatched()).isEqualTo(2);
        assertThat(inv.invalidatedAt()).isEqualTo(clock.instant());
        assertThat(inv.actor()).isEqualTo(Actor.operator("dpo-1"));
        assertThat(inv.lift()).isNull();
        Decision expected = Decision.invalidated(EMAIL, dev.consent.LegalBasis.CONSENT, 1, ticked.id(), inv.id());
        assertThat(cs.enforcer().check("ticked", EMAIL)).as("cached").isEqualTo(expected);
        assertThat(cs.enforcer().check("ticked", EMAIL, Consistency.full())).isEqualTo(expected);
        assertThat(cs.enforcer().checkAll(List.of("ticked", "clean"), EMAIL).get("ticked"))
                .isEqualTo(expected);
        assertThat(system().enforcer().checkAll(List.of("ticked", "clean"), EMAIL))
                .as("bulk, loaded from the store")
                .containsEntry("ticked", expected)
                .hasEntrySatisfying("clean", d -> assertThat(d.allowed()).isTrue());
        assertThat(cs.enforcer().checkAt("ticked", EMAIL, clock.instant())).isEqualTo(expected);
        assertThat(cs.enforcer().check("ticked", SMS).invalidationId()).isEqualTo(inv.id());
        assertThatThrownBy(() -> cs.enforcer().require("ticked", EMAIL))
                .isInstanceOfSatisfying(
                        ProcessingDeniedException.class,
                        e -> assertThat(e.decision()).isEqualTo(expected));
        assertThat(cs.enforcer().check("clean", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);

        dev.consent.PurposeState state =
                cs.ledger().stateAt("ticked", clock.instant()).find(EMAIL).orElseThrow();
        assertThat(state.status()).isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
        assertThat(state.decision()).isEqualTo(expected);
        assertThat(cs.ledger().currentState("ticked").find(EMAIL).orElseThrow().decision())
                .isEqualTo(expected);
        AccessExport export = cs.ledger().export("ticked");
        assertThat(export.purposes())
                .filteredOn(p -> p.purposeId().equals(EMAIL))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.status()).isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
                    assertThat(p.reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);
                    assertThat(p.allowed()).isFalse();
                    assertThat(p.invalidationId()).isEqualTo(inv.id());
                });
        assertThat(AccessExport.fromJson(export.toJson())).isEqualTo(export);
        assertThat(export.toJson()).contains("\"invalidationId\":\"" + inv.id() + "\"");
        assertThat(cs.ledger().export("clean").toJson()).doesNotContain("invalidationId");

        ConsentSystem fresh = system();
        assertThat(fresh.purposes().invalidations())
                .as("loaded with the registry")
                .containsExactly(inv);
        assertThat(fresh.enforcer().check("ticked", EMAIL)).isEqualTo(expected);
        assertThat(fresh.purposes().fingerprint()).isEqualTo(cs.purposes().fingerprint());
    }

    @Test
    void pastInstants_answerAsTheLawThenStood_andALiftRestoresTheGrants() {
        ConsentSystem cs = systemWithPurposes();
        ConsentRecord grant = only(cs.ledger().grant("ticked", EMAIL, TICKED));
        clock.advance(Duration.ofHours(1));
        String before = cs.purposes().fingerprint();
        Invalidation inv = cs.purposes().invalidate(preTicked().build());
        Instant invalidatedAt = inv.invalidatedAt();
        String during = cs.purposes().fingerprint();
        clock.advance(Duration.ofHours(1));
        assertThat(cs.enforcer().check("ticked", EMAIL).reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);

        Invalidation lifted = cs.purposes().lift(inv.id(), Actor.operator("dpo-2"), "the regulator accepted the form");
        Instant liftedAt = clock.instant();
        clock.advance(Duration.ofMinutes(1));

        assertThat(lifted.lift())
                .isEqualTo(new Invalidation.Lift(Actor.operator("dpo-2"), "the regulator accepted the form", liftedAt));
        assertThat(cs.purposes().invalidations()).containsExactly(lifted);
        assertThat(during).isNotEqualTo(before);
        assertThat(cs.purposes().fingerprint()).isNotEqualTo(before).isNotEqualTo(during);
        assertThat(system().purposes().fingerprint()).isEqualTo(cs.purposes().fingerprint());
        for (ConsentSystem s : List.of(cs, system())) {
            assertThat(s.enforcer().check("ticked", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
            assertThat(s.enforcer().check("ticked", EMAIL, Consistency.full()).invalidationId())
                    .isNull();
            assertThat(s.enforcer()
                            .checkAt("ticked", EMAIL, invalidatedAt.minusMillis(1))
                            .reason())
                    .isEqualTo(DecisionReason.CONSENT_GRANTED);
            Decision then = s.enforcer().checkAt("ticked", EMAIL, invalidatedAt);
            assertThat(then.reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);
            assertThat(then.invalidationId()).isEqualTo(inv.id());
            assertThat(then.recordId()).isEqualTo(grant.id());
            assertThat(s.enforcer()
                            .checkAt("ticked", EMAIL, liftedAt.minusMillis(1))
                            .invalidationId())
                    .isEqualTo(inv.id());
            assertThat(s.enforcer().checkAt("ticked", EMAIL, liftedAt).reason())
                    .isEqualTo(DecisionReason.CONSENT_GRANTED);
            assertThat(s.ledger()
                            .stateAt("ticked", invalidatedAt.minusMillis(1))
                            .find(EMAIL)
                            .orElseThrow()
                            .status())
                    .isEqualTo(ConsentStatus.GRANTED);
            assertThat(s.ledger()
                            .stateAt("ticked", invalidatedAt)
                            .find(EMAIL)
                            .orElseThrow()
                            .status())
                    .isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
        }
    }

    @Test
    void noticeVersion_window_andPurpose_narrowTheInvalidation_toWhatTheyName() {
        ConsentSystem cs = systemWithPurposes();
        Instant t0 = clock.instant();
        cs.ledger().grant("early", EMAIL, TICKED);
        clock.advance(Duration.ofSeconds(10));
        cs.ledger().grant("inside", EMAIL, TICKED);
        cs.ledger().grant("inside", SMS, TICKED);
        cs.ledger().grant("other-notice", EMAIL, CLEAN);
        clock.advance(Duration.ofSeconds(10));
        cs.ledger().grant("at-the-end", EMAIL, TICKED);
        clock.advance(Duration.ofSeconds(10));

        Invalidation inv = cs.purposes()
                .invalidate(Invalidation.builder()
                        .purpose(EMAIL)
                        .noticeVersion("privacy-2024-01")
                        .recordedBetween(t0.plusSeconds(10), t0.plusSeconds(20))
                        .by(Actor.system())
                        .because("records collected under interpretation v2.1 are invalid under v3.0")
                        .build());

        assertThat(inv.grantsMatched()).isEqualTo(1);
        assertThat(cs.enforcer().check("inside", EMAIL).invalidationId()).isEqualTo(inv.id());
        assertThat(cs.enforcer().check("inside", SMS).allowed())
                .as("another purpose")
                .isTrue();
        assertThat(cs.enforcer().check("early", EMAIL).allowed())
                .as("before the window")
                .isTrue();
        assertThat(cs.enforcer().check("at-the-end", EMAIL).allowed())
                .as("the window's end is exclusive")
                .isTrue();
        assertThat(cs.enforcer().check("other-notice", EMAIL).allowed()).isTrue();
    }

    @Test
    void aFreshGrant_throughAValidForm_isAllowed_whileThePastStaysInvalid() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("ticked", EMAIL, TICKED);
        clock.advance(Duration.ofMinutes(1));
        Invalidation inv = cs.purposes().invalidate(preTicked().build());
        Instant during = clock.instant();
        clock.advance(Duration.ofMinutes(1));

        cs.ledger().grant("ticked", EMAIL, CLEAN);

        assertThat(cs.enforcer().check("ticked", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().checkAt("ticked", EMAIL, during).invalidationId())
                .isEqualTo(inv.id());
        cs.ledger().grant("again-ticked", EMAIL, TICKED);
        assertThat(cs.enforcer().check("again-ticked", EMAIL).invalidationId())
                .as("the form stays invalid until lifted")
                .isEqualTo(inv.id());
    }

    @Test
    void erasure_stillDecides_beforeAnInvalidation() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("gone", EMAIL, TICKED);
        cs.ledger().erase("gone", Fixtures.DPO);
        cs.purposes().invalidate(preTicked().build());
        assertThat(cs.enforcer().check("gone", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
        assertThat(cs.enforcer().check("gone", EMAIL).invalidationId()).isNull();
    }

    @Test
    void anInvalidationThatMatchesNothing_isRejected_namingTheField_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("clean", EMAIL, CLEAN);
        cs.ledger().deny("refused", EMAIL, TICKED);
        String fingerprint = cs.purposes().fingerprint();

        assertThatThrownBy(() -> cs.purposes().invalidate(preTicked().build()))
                .as("a denial is not a grant")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("collectionPoint"))
                .hasMessageContaining("newsletter_box_v1")
                .hasMessageContaining("matches no grant");
        assertThatThrownBy(() -> cs.purposes()
                        .invalidate(Invalidation.builder()
                                .noticeVersion("privacy-1999")
                                .by("dpo-1")
                                .because("typo")
                                .build()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("noticeVersion"));
        assertThatThrownBy(() -> cs.purposes()
                        .invalidate(Invalidation.builder()
                                .recordedBetween(clock.instant().plusSeconds(1), null)
                                .by("dpo-1")
                                .because("the future")
                                .build()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("recordedFrom"));
        assertThatThrownBy(() -> cs.purposes()
                        .invalidate(Invalidation.builder()
                                .purpose(Fixtures.UNDEFINED)
                                .collectionPoint("newsletter_box_v2")
                                .by("dpo-1")
                                .because("unknown purpose")
                                .build()))
                .isInstanceOfSatisfying(
                        UnknownPurposeException.class,
                        e -> assertThat(e.field()).isEqualTo("purposeId"));
        assertThatThrownBy(() -> cs.purposes().lift(new UUID(7, 7), Actor.operator("dpo-1"), "no such"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("invalidationId"));

        assertThat(cs.purposes().invalidations()).isEmpty();
        assertThat(store.loadRegistryEvents()).isEmpty();
        assertThat(cs.purposes().fingerprint()).isEqualTo(fingerprint);
        assertThat(cs.enforcer().check("clean", EMAIL).allowed()).isTrue();
    }

    @Test
    void badRequests_areRejected_beforeAnythingIsWritten() {
        assertThatThrownBy(() -> Invalidation.builder()
                        .purpose(EMAIL)
                        .by("dpo-1")
                        .because("all")
                        .build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("collectionPoint"));
        Instant t = Fixtures.START;
        assertThatThrownBy(() -> Invalidation.builder()
                        .recordedBetween(t, t)
                        .by("dpo-1")
                        .because("x")
                        .build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("recordedUntil"));
        assertThatThrownBy(() -> Invalidation.builder().by(Actor.subject()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("actor"));
        assertThatThrownBy(() ->
                        Invalidation.builder().collectionPoint("f").by("dpo-1").build())
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
        assertThatThrownBy(() -> Invalidation.builder().collectionPoint("f").collectionPoint("g"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("collectionPoint"));

        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("ticked", EMAIL, TICKED);
        Invalidation inv = cs.purposes().invalidate(preTicked().build());
        cs.purposes().lift(inv.id(), Actor.operator("dpo-1"), "lifted");
        assertThatThrownBy(() -> cs.purposes().lift(inv.id(), Actor.operator("dpo-1"), "again"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("invalidationId"))
                .hasMessageContaining("already lifted");
        assertThat(store.loadRegistryEvents()).hasSize(2);
    }

    @Test
    void anotherSystem_stopsAllowing_onItsNextFeedPoll_andAllowsAgainAfterTheLift() {
        ConsentSystem a = systemWithPurposes();
        ConsentSystem b = followingSystem(Duration.ofMillis(20), s -> {});
        a.ledger().grant("ticked", EMAIL, TICKED);
        RealTime.nanosUntil(
                () -> b.enforcer().check("ticked", EMAIL).allowed(), Duration.ofSeconds(10), "B sees the grant");

        Invalidation inv = a.purposes().invalidate(preTicked().build());
        RealTime.nanosUntil(
                () -> inv.id().equals(b.enforcer().check("ticked", EMAIL).invalidationId()),
                Duration.ofSeconds(10),
                "B's cached check names the invalidation made on A");
        assertThat(b.purposes().fingerprint()).isEqualTo(a.purposes().fingerprint());

        a.purposes().lift(inv.id(), Actor.operator("dpo-1"), "lifted");
        RealTime.nanosUntil(
                () -> b.enforcer().check("ticked", EMAIL).allowed(), Duration.ofSeconds(10), "B allows after the lift");
    }
}
