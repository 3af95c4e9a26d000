package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.ReinterpretationContract.CLEAN;
import static dev.consent.testkit.behaviour.ReinterpretationContract.TICKED;
import static dev.consent.testkit.behaviour.ReinterpretationContract.preTicked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Actor;
import dev.consent.ConsentSystem;
import dev.consent.GrantFilter;
import dev.consent.InvalidInputException;
import dev.consent.Invalidation;
import dev.consent.TransparencyReport;
import dev.consent.spi.RegistryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reinterpretation in the store and the reports: the registry events are kept once each and listed in order;
 * the store's counts of the grants a filter selects agree with the walk of the feed; the transparency report
 * counts invalidated grants as re-consent pending and names the invalidations in force at its end.
 */
public abstract class ReinterpretationStorageContract extends BehaviourContract {
    @Test
    void transparencyReport_countsInvalidatedGrants_asReconsentPending_andNamesTheInvalidation() {
        ConsentSystem cs = systemWithPurposes();
        Instant from = clock.instant();
        cs.ledger().grant("ticked-1", EMAIL, TICKED);
        cs.ledger().grant("ticked-2", EMAIL, TICKED);
        cs.ledger().grant("clean", EMAIL, CLEAN);
        clock.advance(Duration.ofMinutes(1));
        Instant beforeInvalidation = clock.instant();
        Invalidation inv = cs.purposes().invalidate(preTicked().build());
        clock.advance(Duration.ofMinutes(1));
        Instant end = clock.instant();

        TransparencyReport.Row row =
                cs.reports().transparency(from, end).find(EMAIL).orElseThrow();
        assertThat(row.activeAtEnd()).isEqualTo(1);
        assertThat(row.reconsentPending()).isEqualTo(2);
        assertThat(row.askedAtEnd()).isEqualTo(3);
        assertThat(cs.reports().transparency(from, end).invalidations()).containsExactly(inv.id());
        TransparencyReport earlier = cs.reports().transparency(from, beforeInvalidation);
        assertThat(earlier.invalidations()).isEmpty();
        assertThat(earlier.find(EMAIL).orElseThrow().activeAtEnd()).isEqualTo(3);
        assertThat(TransparencyReport.fromJson(
                        cs.reports().transparency(from, end).toJson()))
                .isEqualTo(cs.reports().transparency(from, end));

        List<GrantFilter> filters = List.of(inv.filter());
        assertThat(new HashSet<>(store.countSelectedEndStates(from, end, filters)))
                .as("the store's count agrees with the walk of the feed")
                .isEqualTo(new HashSet<>(new DefaultsOnlyStore(store).countSelectedEndStates(from, end, filters)))
                .hasSize(1);

        cs.purposes().lift(inv.id(), Actor.operator("dpo-1"), "lifted");
        clock.advance(Duration.ofMinutes(1));
        TransparencyReport after = cs.reports().transparency(from, clock.instant());
        assertThat(after.invalidations()).isEmpty();
        assertThat(after.find(EMAIL).orElseThrow().activeAtEnd()).isEqualTo(3);
    }

    @Test
    void theStoresCountOfGrants_agreesWithTheWalkOfTheFeed() {
        ConsentSystem cs = systemWithPurposes();
        Instant t0 = clock.instant();
        cs.ledger().grant("a", EMAIL, TICKED);
        cs.ledger().grant("a", SMS, TICKED);
        cs.ledger().withdraw("a", EMAIL, TICKED);
        clock.advance(Duration.ofSeconds(5));
        cs.ledger().grant("b", EMAIL, CLEAN);
        cs.ledger().deny("c", EMAIL, TICKED);
        DefaultsOnlyStore walk = new DefaultsOnlyStore(store);
        List<GrantFilter> filters = List.of(
                new GrantFilter(null, "newsletter_box_v1", null, null, null),
                new GrantFilter(EMAIL, "newsletter_box_v1", null, null, null),
                new GrantFilter(null, null, "privacy-2024-03", null, null),
                new GrantFilter(null, null, null, t0.plusSeconds(5), null),
                new GrantFilter(SMS, null, null, null, t0.plusSeconds(5)),
                new GrantFilter(null, "nowhere", null, null, null));
        List<Long> expected = List.of(2L, 1L, 1L, 1L, 1L, 0L);
        for (int i = 0; i < filters.size(); i++) {
            assertThat(store.countGrants(filters.get(i)))
                    .as(filters.get(i).toString())
                    .isEqualTo(expected.get(i));
            assertThat(walk.countGrants(filters.get(i)))
                    .as(filters.get(i).toString())
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void theStore_keepsEachEventOnce_refusingASecondLift_orALiftOfNothing_andListsThemInOrder() {
        UUID first = new UUID(1, 1);
        UUID second = new UUID(1, 2);
        GrantFilter filter = new GrantFilter(EMAIL, "newsletter_box_v1", "privacy-2024-01", Fixtures.START, null);
        RegistryEvent later = new RegistryEvent(
                RegistryEvent.Kind.INVALIDATED,
                first,
                filter,
                Actor.operator("dpo-1"),
                "why",
                Fixtures.START.plusSeconds(2),
                3);
        RegistryEvent earlier = new RegistryEvent(
                RegistryEvent.Kind.INVALIDATED,
                second,
                new GrantFilter(null, null, null, null, Fixtures.START),
                Actor.system(),
                "window",
                Fixtures.START.plusSeconds(1),
                1);
        RegistryEvent lift = RegistryEvent.lifted(
                first, new Invalidation.Lift(Actor.operator("dpo-2"), "lifted", Fixtures.START.plusSeconds(2)));
        store.saveRegistryEvent(later);
        store.saveRegistryEvent(earlier);
        store.saveRegistryEvent(lift);

        assertThatThrownBy(() -> store.saveRegistryEvent(lift))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("invalidationId"));
        assertThatThrownBy(() -> store.saveRegistryEvent(RegistryEvent.lifted(
                        new UUID(9, 9), new Invalidation.Lift(Actor.system(), "nothing", Fixtures.START))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("invalidationId"));
        assertThat(store.loadRegistryEvents())
                .as("by time, then kind, then id; every field as stored")
                .containsExactly(earlier, later, lift);
    }
}
