package dev.consent.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.relay.DeadLetter;
import dev.consent.spi.RelayState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RelayState} must do, with times given by the test: a lease held by one owner at a time
 * until it ends, a checkpoint that only the holder of an unexpired lease moves, dead letters kept per relay
 * in position order. A store module runs it by subclassing and giving two views of one fresh state (as two
 * nodes see it).
 */
public abstract class RelayStateContract {
    private static final Instant T0 = Instant.parse("2026-11-23T13:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(10);

    private RelayState nodeA;
    private RelayState nodeB;

    /** A fresh, empty state. */
    protected abstract RelayState newState();

    /** Another view of {@code state}, as another node sees it (the same object where there is no other). */
    protected abstract RelayState sameStateElsewhere(RelayState state);

    @BeforeEach
    final void open() {
        nodeA = newState();
        nodeB = sameStateElsewhere(nodeA);
    }

    @Test
    void aNewRelay_hasCheckpointZero_andItsLeaseIsFree() {
        assertThat(nodeA.checkpoint("crm")).isZero();
        assertThat(nodeB.acquire("crm", "b", T0, LEASE)).isTrue();
    }

    @Test
    void aHeldLease_isRefusedToAnotherOwner_untilItEnds_thenTakenOver() {
        assertThat(nodeA.acquire("crm", "a", T0, LEASE)).isTrue();

        assertThat(nodeB.acquire("crm", "b", T0.plusSeconds(9), LEASE)).isFalse();
        assertThat(nodeA.acquire("crm", "a", T0.plusSeconds(9), LEASE))
                .as("renewal")
                .isTrue();
        assertThat(nodeB.acquire("crm", "b", T0.plusSeconds(18), LEASE)).isFalse();
        assertThat(nodeB.acquire("crm", "b", T0.plusSeconds(20), LEASE)).isTrue();
        assertThat(nodeA.acquire("crm", "a", T0.plusSeconds(21), LEASE)).isFalse();
    }

    @Test
    void onlyTheHolderOfAnUnexpiredLease_advancesTheCheckpoint() {
        nodeA.acquire("crm", "a", T0, LEASE);

        assertThat(nodeA.advance("crm", "a", 5, T0.plusSeconds(1), LEASE)).isTrue();
        assertThat(nodeB.advance("crm", "b", 9, T0.plusSeconds(2), LEASE)).isFalse();
        assertThat(nodeB.checkpoint("crm")).isEqualTo(5);
        assertThat(nodeA.advance("crm", "a", 6, T0.plusSeconds(30), LEASE))
                .as("after the lease ended")
                .isFalse();
        nodeB.acquire("crm", "b", T0.plusSeconds(31), LEASE);
        assertThat(nodeA.advance("crm", "a", 7, T0.plusSeconds(32), LEASE))
                .as("after a takeover")
                .isFalse();
        assertThat(nodeB.advance("crm", "b", 8, T0.plusSeconds(32), LEASE)).isTrue();
        assertThat(nodeA.checkpoint("crm")).isEqualTo(8);
    }

    @Test
    void advancing_renewsTheLease() {
        nodeA.acquire("crm", "a", T0, LEASE);
        nodeA.advance("crm", "a", 1, T0.plusSeconds(8), LEASE);

        assertThat(nodeB.acquire("crm", "b", T0.plusSeconds(15), LEASE)).isFalse();
    }

    @Test
    void releasing_freesTheLeaseAtOnce_butOnlyForItsHolder() {
        nodeA.acquire("crm", "a", T0, LEASE);
        nodeB.release("crm", "b");
        assertThat(nodeB.acquire("crm", "b", T0.plusSeconds(1), LEASE)).isFalse();

        nodeA.release("crm", "a");

        assertThat(nodeB.acquire("crm", "b", T0.plusSeconds(1), LEASE)).isTrue();
    }

    @Test
    void relaysWithOtherNames_haveTheirOwnLeaseAndCheckpoint() {
        nodeA.acquire("crm", "a", T0, LEASE);
        nodeA.advance("crm", "a", 3, T0, LEASE);

        assertThat(nodeB.acquire("email", "b", T0, LEASE)).isTrue();
        assertThat(nodeB.checkpoint("email")).isZero();
    }

    @Test
    void deadLetters_areKeptPerRelayInPositionOrder_replacedByPosition_andRemovable() {
        nodeA.addDeadLetter(letter("crm", 7, 3, "second"));
        nodeA.addDeadLetter(letter("crm", 2, 3, "first"));
        nodeA.addDeadLetter(letter("email", 2, 1, "other relay"));
        nodeA.addDeadLetter(letter("crm", 7, 4, "second, again"));

        assertThat(nodeB.deadLetters("crm"))
                .extracting(DeadLetter::position, DeadLetter::attempts, DeadLetter::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 3, "first"),
                        org.assertj.core.groups.Tuple.tuple(7L, 4, "second, again"));
        DeadLetter read = nodeB.deadLetters("crm").get(0);
        assertThat(read).isEqualTo(letter("crm", 2, 3, "first"));
        assertThat(nodeB.removeDeadLetter("crm", 2)).isTrue();
        assertThat(nodeB.removeDeadLetter("crm", 2)).isFalse();
        assertThat(nodeA.deadLetters("crm")).extracting(DeadLetter::position).containsExactly(7L);
        assertThat(nodeA.deadLetters("email")).hasSize(1);
    }

    private static DeadLetter letter(String relay, long position, int attempts, String error) {
        return new DeadLetter(
                relay,
                position,
                new UUID(position, attempts),
                "subject-" + position,
                attempts,
                error,
                "{\"messageVersion\":1,\"position\":" + position + "}",
                T0.plusMillis(position));
    }
}
