package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.GrantFilter;
import dev.consent.Hash;
import dev.consent.Invalidation;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.spi.RegistryEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rule of invalidations as pure functions: matching, time, precedence and the fold of the events. */
class InvalidationsTest {
    private static final Instant T = Instant.parse("2024-03-05T14:14:00Z");
    private static final Actor DPO = Actor.operator("dpo-1");

    private static ConsentRecord record(Action action, int version, String point, Instant at) {
        return new ConsentRecord(
                1,
                UUID.randomUUID(),
                "s",
                1,
                "p",
                version,
                action,
                at,
                null,
                "notice-1",
                point,
                Channel.WEB,
                Actor.subject(),
                null,
                "i",
                null,
                null,
                Hash.of(new byte[Hash.LENGTH]));
    }

    private static Purpose purpose(int version, int minValid) {
        return Purpose.builder("p")
                .version(version)
                .minValidVersion(minValid)
                .title("T")
                .description("D")
                .legalBasis(LegalBasis.CONSENT)
                .build();
    }

    private static RegistryEvent invalidated(UUID id, GrantFilter f, Instant at) {
        return new RegistryEvent(RegistryEvent.Kind.INVALIDATED, id, f, DPO, "why", at, 1);
    }

    @Test
    void aFilter_selectsGrantsOnly_byEveryCriterionGiven_withAnExclusiveEnd() {
        GrantFilter f = new GrantFilter("p", "form", "notice-1", T, T.plusSeconds(10));
        assertThat(f.matches(record(Action.GRANTED, 1, "form", T))).isTrue();
        assertThat(f.matches(record(Action.GRANTED, 1, "form", T.plusSeconds(10))))
                .isFalse();
        assertThat(f.matches(record(Action.GRANTED, 1, "form", T.minusMillis(1))))
                .isFalse();
        assertThat(f.matches(record(Action.GRANTED, 1, "other", T))).isFalse();
        assertThat(f.matches(record(Action.DENIED, 1, "form", T))).isFalse();
        assertThat(new GrantFilter(null, null, "notice-2", null, null).matches(record(Action.GRANTED, 1, "form", T)))
                .isFalse();
    }

    @Test
    void anInvalidation_countsFromItsTime_untilItsLift_andTheOldestIsNamed() {
        UUID first = new UUID(0, 1);
        UUID second = new UUID(0, 2);
        GrantFilter byForm = new GrantFilter(null, "form", null, null, null);
        Invalidations all = Invalidations.fold(List.of(
                invalidated(first, byForm, T.plusSeconds(10)),
                invalidated(second, byForm, T.plusSeconds(5)),
                RegistryEvent.lifted(second, new Invalidation.Lift(DPO, "lifted", T.plusSeconds(20)))));
        ConsentRecord grant = record(Action.GRANTED, 1, "form", T);

        assertThat(all.all()).extracting(Invalidation::id).containsExactly(second, first);
        assertThat(all.at(grant, T.plusSeconds(5).minusMillis(1))).isNull();
        assertThat(all.at(grant, T.plusSeconds(5))).isEqualTo(second);
        assertThat(all.at(grant, T.plusSeconds(15))).isEqualTo(second);
        assertThat(all.at(grant, T.plusSeconds(20))).isEqualTo(first);
        assertThat(all.now(grant)).isEqualTo(first);
        assertThat(all.now(record(Action.WITHDRAWN, 1, "form", T))).isNull();
        assertThat(all.filtersActiveAt(T.plusSeconds(12))).hasSize(2);
    }

    @Test
    void theFold_refusesALiftWithoutItsInvalidation() {
        UUID id = new UUID(0, 3);
        assertThatThrownBy(
                        () -> Invalidations.fold(List.of(RegistryEvent.lifted(id, new Invalidation.Lift(DPO, "x", T)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(id.toString());
    }

    @Test
    void rules_nameTheInvalidation_onlyWhenItIsWhatRequiresReconsent() {
        UUID id = new UUID(0, 4);
        ConsentRecord grant = record(Action.GRANTED, 1, "form", T);
        Decision d = Rules.decide(purpose(1, 1), grant, null, true, id);
        assertThat(d.reason()).isEqualTo(DecisionReason.RECONSENT_REQUIRED);
        assertThat(d.invalidationId()).as("before expiry").isEqualTo(id);
        assertThat(d.recordId()).isEqualTo(grant.id());
        assertThat(Rules.status(purpose(1, 1), grant, false, id)).isEqualTo(ConsentStatus.RECONSENT_REQUIRED);
        assertThat(Rules.decide(purpose(2, 2), grant, null, false, id).invalidationId())
                .as("the purpose's own minimum version decides first")
                .isNull();
        ConsentRecord erased = new ConsentRecord(
                2,
                UUID.randomUUID(),
                "s",
                2,
                null,
                0,
                Action.SUBJECT_ERASED,
                T,
                null,
                null,
                null,
                Channel.WEB,
                Actor.subject(),
                null,
                "j",
                null,
                null,
                Hash.of(new byte[Hash.LENGTH]));
        assertThat(Rules.decide(purpose(1, 1), grant, erased, false, id).reason())
                .isEqualTo(DecisionReason.SUBJECT_ERASED);
        assertThat(Rules.decide(purpose(1, 1), grant, null, false, null).reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void aDecision_namesAnInvalidation_onlyForReconsent() {
        UUID id = new UUID(0, 5);
        assertThatThrownBy(
                        () -> new Decision(true, DecisionReason.CONSENT_GRANTED, "p", LegalBasis.CONSENT, 1, null, id))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Decision.of(DecisionReason.NO_CONSENT, "p", LegalBasis.CONSENT, 1, null)
                        .invalidationId())
                .isNull();
    }
}
