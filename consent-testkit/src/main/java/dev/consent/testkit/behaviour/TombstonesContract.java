package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.DPO;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.Tombstone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tombstones of erased subjects: one per erased subject, in erasure order, paged by position, the same
 * through the SPI's default over the feed, and a JSON form that round-trips and rejects what is not a list of
 * tombstones, naming the field.
 */
public abstract class TombstonesContract extends BehaviourContract {
    @Test
    void tombstones_listEveryErasedSubject_inErasureOrder_andPage() {
        ConsentSystem cs = systemWithPurposes();
        List<ConsentRecord> erasures = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cs.ledger().grant("user-" + i, EMAIL, Fixtures.detailed());
        }
        cs.ledger().markDeceased("user-6", DPO);
        for (int i : new int[] {4, 1, 5, 2}) {
            clock.advance(Duration.ofMinutes(1));
            erasures.add(cs.ledger().erase("user-" + i, DPO).records().get(0));
            cs.ledger().grant("user-0", SMS, WEB);
        }
        cs.ledger().erase("user-1", DPO); // again: no second tombstone

        List<Tombstone> all = cs.ledger().tombstones();

        assertThat(all).extracting(Tombstone::subject).containsExactly("user-4", "user-1", "user-5", "user-2");
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).erasedAt()).isEqualTo(erasures.get(i).recordedAt());
            assertThat(all.get(i).position()).isEqualTo(erasures.get(i).position());
        }
        List<Tombstone> page1 = cs.ledger().tombstones(0, 3);
        List<Tombstone> page2 = cs.ledger().tombstones(page1.get(2).position(), 3);
        assertThat(page1).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(page2).containsExactlyElementsOf(all.subList(3, 4));
        assertThat(cs.ledger().tombstones(all.get(3).position(), 3)).isEmpty();
        assertThat(systemOver(new DefaultsOnlyStore(store), b -> {}).ledger().tombstones())
                .as("the SPI's default over the feed")
                .containsExactlyElementsOf(all);
    }

    @Test
    void tombstones_ofAnEmptyLedger_areEmpty_andBadPagesAreRejected() {
        ConsentSystem cs = systemWithPurposes();
        assertThat(cs.ledger().tombstones()).isEmpty();
        assertThatThrownBy(() -> cs.ledger().tombstones(-1, 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("afterPosition");
        assertThatThrownBy(() -> cs.ledger().tombstones(0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> cs.ledger().tombstones(0, 10_001))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void tombstones_roundTripThroughJson() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().erase("user-1", DPO);
        cs.ledger().erase("ünïcode \"quoted\" subject", DPO);
        List<Tombstone> all = cs.ledger().tombstones();

        String json = Tombstone.toJson(all);

        assertThat(json).startsWith("{\"tombstoneVersion\":1,");
        assertThat(Tombstone.fromJson(json)).containsExactlyElementsOf(all);
        assertThat(Tombstone.fromJson(Tombstone.toJson(List.of()))).isEmpty();
    }

    @Test
    void tombstonesFromJson_rejectsWhatIsNotAList_namingTheField() {
        assertThatThrownBy(() -> Tombstone.fromJson("not json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("json");
        assertThatThrownBy(() -> Tombstone.fromJson("{\"tombstoneVersion\":2,\"tombstones\":[]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tombstoneVersion");
        assertThatThrownBy(() -> Tombstone.fromJson("{\"tombstoneVersion\":1}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tombstones");
        assertThatThrownBy(() -> Tombstone.fromJson("{\"tombstoneVersion\":1,\"tombstones\":[{\"subject\":\"a\","
                        + "\"erasedAt\":\"2024-01-01T00:00:00Z\",\"position\":1},{\"subject\":\"\","
                        + "\"erasedAt\":\"2024-01-01T00:00:00Z\",\"position\":2}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tombstones[1].subject");
        assertThatThrownBy(() -> Tombstone.fromJson("{\"tombstoneVersion\":1,\"tombstones\":[{\"subject\":\"a\","
                        + "\"erasedAt\":\"yesterday\",\"position\":1}]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tombstones[0].erasedAt");
    }
}
