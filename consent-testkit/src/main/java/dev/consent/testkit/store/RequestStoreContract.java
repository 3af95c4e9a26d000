package dev.consent.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.consent.Actor;
import dev.consent.ActorType;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.requests.RequestConflictException;
import dev.consent.requests.RequestEvent;
import dev.consent.requests.RequestEventType;
import dev.consent.requests.RequestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RequestStore} must do: keep each field of an event exactly, append a request's events in
 * sequence order from 1, all or none, with exactly one winner when writers race for a sequence, and answer
 * the open requests and those received in a period, in request and sequence order, to the millisecond. A
 * store module runs it by subclassing and giving two views of one fresh store (as two nodes see it).
 */
public abstract class RequestStoreContract {
    private static final Instant T0 = Instant.parse("2026-11-23T13:00:00Z");

    private RequestStore nodeA;
    private RequestStore nodeB;

    /** A fresh, empty store. */
    protected abstract RequestStore newRequestStore();

    /** Another view of {@code store}, as another node sees it (the same object where there is no other). */
    protected abstract RequestStore sameStoreElsewhere(RequestStore store);

    /**
     * Makes the storage under {@code store} (as {@link #newRequestStore()} returned it) fail from now on and
     * returns true; or returns false, the default, and the outage test is skipped.
     */
    protected boolean breakStorage(RequestStore store) {
        return false;
    }

    /** How many threads race for one sequence; 8. */
    protected int raceThreads() {
        return 8;
    }

    /** How many requests the threads race on; 20. */
    protected int raceRounds() {
        return 20;
    }

    @BeforeEach
    final void open() {
        nodeA = newRequestStore();
        nodeB = sameStoreElsewhere(nodeA);
    }

    // ---------------------------------------------------------------- fields

    @Test
    void everyField_ofEveryEventType_andEveryActorShape_isReadBackEqual() {
        List<RequestEvent> history = new ArrayList<>();
        history.add(received("req-1", T0, Actor.subject(), Map.of("subject", "ada", "kind", "ACCESS")));
        int seq = 2;
        for (RequestEventType type : RequestEventType.values()) {
            if (type == RequestEventType.RECEIVED) {
                continue;
            }
            history.add(event("req-1", seq, type, T0.plusMillis(seq), Actor.operator("op-" + seq), unicode()));
            seq++;
        }
        for (ActorType type : ActorType.values()) {
            for (Actor actor : List.of(
                    new Actor(type, null, null),
                    new Actor(type, "id-" + type, null),
                    new Actor(type, null, "authority of " + type),
                    new Actor(type, "ïd-" + type, "Vollmacht «" + type + "» ✓"))) {
                history.add(event("req-1", seq, RequestEventType.STEP_STARTED, T0.plusMillis(seq), actor, Map.of()));
                seq++;
            }
        }
        history.add(
                event("req-1", seq, RequestEventType.STEP_SUCCEEDED, T0.plusSeconds(86_400), Actor.system(), full()));

        nodeA.append(history.subList(0, 3));
        nodeA.append(history.subList(3, history.size()));

        assertThat(nodeB.events("req-1")).containsExactlyElementsOf(history);
        assertThat(nodeA.events("req-1")).containsExactlyElementsOf(history);
    }

    @Test
    void timesBeforeTheEpochAndFarAhead_areKeptToTheMillisecond() {
        RequestEvent before = received("old", Instant.parse("1969-12-31T23:59:59.999Z"), Actor.system(), Map.of());
        RequestEvent late = received("late", Instant.parse("9999-12-31T23:59:59.999Z"), Actor.system(), Map.of());

        nodeA.append(List.of(before));
        nodeA.append(List.of(late));

        assertThat(nodeB.events("old")).containsExactly(before);
        assertThat(nodeB.events("late")).containsExactly(late);
    }

    @Test
    void anUnknownRequest_hasNoEvents() {
        nodeA.append(List.of(received("req-1", T0)));

        assertThat(nodeB.events("req-2")).isEmpty();
        assertThat(nodeB.events("req-")).isEmpty();
    }

    @Test
    void nullArguments_areRejected() {
        assertThatThrownBy(() -> nodeA.append(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> nodeA.events(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> nodeA.receivedEvents(null, T0)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> nodeA.receivedEvents(T0, null)).isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- sequences

    @Test
    void sequenceOne_isTheReceivedEvent_andNothingElse() {
        assertThatThrownBy(() -> event("req-1", 1, RequestEventType.STARTED, T0, Actor.system(), Map.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("sequence"));
        assertThatThrownBy(() -> event("req-1", 2, RequestEventType.RECEIVED, T0, Actor.system(), Map.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("sequence"));
    }

    @Test
    void receivingOneRequestTwice_isAConflict_andKeepsTheFirst() {
        RequestEvent first = received("req-1", T0, Actor.subject(), Map.of("channel", "email"));
        nodeA.append(List.of(first));

        assertThatThrownBy(() -> nodeB.append(
                        List.of(received("req-1", T0.plusSeconds(1), Actor.system(), Map.of("channel", "web")))))
                .isInstanceOfSatisfying(RequestConflictException.class, e -> {
                    assertThat(e.requestId()).isEqualTo("req-1");
                    assertThat(e.sequence()).isEqualTo(1);
                });
        assertThat(nodeA.events("req-1")).containsExactly(first);
    }

    @Test
    void aTakenSequence_isAConflict_andTheBatchIsNotWritten() {
        nodeA.append(List.of(received("req-1", T0), started("req-1", 2)));

        assertThatThrownBy(() -> nodeB.append(List.of(started("req-1", 2), started("req-1", 3))))
                .isInstanceOfSatisfying(
                        RequestConflictException.class,
                        e -> assertThat(e.sequence()).isEqualTo(2));
        assertThat(nodeA.events("req-1")).extracting(RequestEvent::sequence).containsExactly(1, 2);
    }

    @Test
    void aGap_isRejectedNamingTheFirstSequence_andWritesNothing() {
        nodeA.append(List.of(received("req-1", T0)));

        assertThatThrownBy(() -> nodeB.append(List.of(started("req-1", 3), started("req-1", 4))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("events[0].sequence"));
        assertThatThrownBy(() -> nodeB.append(List.of(started("req-2", 2))))
                .as("a request that was never received")
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("events[0].sequence"));

        assertThat(nodeA.events("req-1")).extracting(RequestEvent::sequence).containsExactly(1);
        assertThat(nodeA.events("req-2")).isEmpty();
        nodeB.append(List.of(started("req-1", 2)));
        assertThat(nodeA.events("req-1")).extracting(RequestEvent::sequence).containsExactly(1, 2);
    }

    @Test
    void aBatchWhoseLaterEventIsWrong_writesNone_ofItsEvents() {
        nodeA.append(List.of(received("req-1", T0)));

        assertThatThrownBy(() -> nodeA.append(List.of(received("req-2", T0), started("req-2", 3))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("events[1].sequence"));
        assertThatThrownBy(() -> nodeA.append(List.of(started("req-1", 2), started("req-2", 3))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("events[1].requestId"));
        assertThatThrownBy(() -> nodeA.append(List.of()))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("events"));

        assertThat(nodeB.events("req-1")).extracting(RequestEvent::sequence).containsExactly(1);
        assertThat(nodeB.events("req-2")).isEmpty();
        assertThat(nodeB.openEvents()).extracting(RequestEvent::requestId).containsExactly("req-1");
    }

    /**
     * Threads on both nodes race to append the request's next event, each a batch of 1 to 3 events: exactly one
     * wins each round, every other gets a conflict, and the history holds the winner's batch whole and nothing
     * of the losers'.
     */
    @Test
    void writersRacingForTheNextSequence_oneWins_theOthersConflict_andOnlyTheWinnersBatchIsWritten() {
        int threads = Math.max(2, raceThreads());
        for (int round = 0; round < raceRounds(); round++) {
            String id = "race-" + round;
            nodeA.append(List.of(received(id, T0)));
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            ConcurrentLinkedQueue<Integer> winners = new ConcurrentLinkedQueue<>();
            Concurrently.run(threads, thread -> {
                List<RequestEvent> batch = new ArrayList<>();
                for (int i = 0; i < 1 + thread % 3; i++) {
                    batch.add(event(
                            id,
                            2 + i,
                            RequestEventType.STEP_STARTED,
                            T0.plusMillis(thread),
                            Actor.operator("thread-" + thread),
                            Map.of("step", "step-" + i)));
                }
                try {
                    (thread % 2 == 0 ? nodeA : nodeB).append(batch);
                    wins.incrementAndGet();
                    winners.add(thread);
                } catch (RequestConflictException e) {
                    assertThat(e.requestId()).isEqualTo(id);
                    conflicts.incrementAndGet();
                }
            });

            assertThat(wins).as("round %d: winners", round).hasValue(1);
            assertThat(conflicts).as("round %d: conflicts", round).hasValue(threads - 1);
            int winner = winners.element();
            List<RequestEvent> history = nodeB.events(id);
            assertThat(history).as("round %d: the history", round).hasSize(2 + winner % 3);
            assertThat(history.subList(1, history.size()))
                    .as("round %d: the winner's events", round)
                    .allSatisfy(e -> assertThat(e.actor()).isEqualTo(Actor.operator("thread-" + winner)));
        }
    }

    // ---------------------------------------------------------------- queries

    @Test
    void openEvents_leaveOutEveryRequestWithATerminalEvent_inRequestThenSequenceOrder() {
        nodeA.append(List.of(received("req-b", T0), started("req-b", 2)));
        nodeA.append(List.of(received("req-a", T0), started("req-a", 2)));
        nodeB.append(List.of(received("Req-c", T0)));
        nodeA.append(List.of(event("req-a", 3, RequestEventType.COMPLETED, T0, Actor.system(), Map.of())));
        nodeA.append(List.of(received("req-d", T0), terminal("req-d", 2, RequestEventType.DENIED)));
        nodeA.append(List.of(received("req-e", T0), terminal("req-e", 2, RequestEventType.IDENTITY_REJECTED)));
        nodeA.append(List.of(received("req-f", T0), terminal("req-f", 2, RequestEventType.PARTIALLY_COMPLETED)));
        nodeB.append(List.of(started("req-b", 3)));
        nodeB.append(List.of(
                received("req-g", T0),
                event("req-g", 2, RequestEventType.STEP_FAILED, T0, Actor.system(), Map.of("error", "timeout"))));

        assertThat(nodeB.openEvents())
                .extracting(RequestEvent::requestId, RequestEvent::sequence)
                .containsExactly(
                        tuple("Req-c", 1),
                        tuple("req-b", 1),
                        tuple("req-b", 2),
                        tuple("req-b", 3),
                        tuple("req-g", 1),
                        tuple("req-g", 2));
        assertThat(nodeA.openEvents()).isEqualTo(nodeB.openEvents());
    }

    @Test
    void noRequests_noOpenEvents() {
        assertThat(nodeA.openEvents()).isEmpty();
        assertThat(nodeA.receivedEvents(Instant.EPOCH, T0.plusSeconds(1))).isEmpty();
    }

    /** [from, to) by the RECEIVED event's time, exact to the millisecond, with every later event of each. */
    @Test
    void receivedEvents_areThoseOfTheRequestsReceivedInTheHalfOpenPeriod_withTheirLaterEvents() {
        Instant t1 = T0.plusSeconds(3_600);
        Map<String, Instant> receipts = new LinkedHashMap<>();
        receipts.put("r-before", T0.minusMillis(1));
        receipts.put("r-from", T0);
        receipts.put("r-after-from", T0.plusMillis(1));
        receipts.put("r-before-to", t1.minusMillis(1));
        receipts.put("r-to", t1);
        receipts.put("r-after-to", t1.plusMillis(1));
        receipts.forEach((id, at) -> nodeA.append(List.of(received(id, at))));
        nodeB.append(List.of(
                event("r-from", 2, RequestEventType.STARTED, t1.plusSeconds(60), Actor.system(), Map.of()),
                event("r-from", 3, RequestEventType.COMPLETED, t1.plusSeconds(120), Actor.system(), Map.of())));
        nodeB.append(List.of(started("r-before", 2)));

        assertThat(nodeB.receivedEvents(T0, t1))
                .extracting(RequestEvent::requestId, RequestEvent::sequence)
                .containsExactly(
                        tuple("r-after-from", 1),
                        tuple("r-before-to", 1),
                        tuple("r-from", 1),
                        tuple("r-from", 2),
                        tuple("r-from", 3));
        assertThat(nodeA.receivedEvents(T0, t1).get(4).at()).isEqualTo(t1.plusSeconds(120));
        assertThat(nodeA.receivedEvents(T0, T0)).isEmpty();
        assertThat(nodeA.receivedEvents(T0, T0.plusMillis(1)))
                .extracting(RequestEvent::requestId)
                .containsOnly("r-from");
        assertThat(nodeA.receivedEvents(T0.plusNanos(1), t1.plusNanos(1)))
                .as("bounds finer than a millisecond")
                .extracting(RequestEvent::requestId)
                .containsExactly("r-after-from", "r-before-to", "r-to");
        assertThat(nodeA.receivedEvents(Instant.MIN, Instant.MAX)).hasSize(9);
    }

    // ---------------------------------------------------------------- nodes and failures

    @Test
    void whatOneNodeWrites_theOtherReads_andContinues() {
        nodeA.append(List.of(received("req-1", T0)));
        assertThat(nodeB.events("req-1")).hasSize(1);
        assertThat(nodeB.openEvents()).hasSize(1);
        assertThat(nodeB.receivedEvents(T0, T0.plusMillis(1))).hasSize(1);

        nodeB.append(List.of(started("req-1", 2)));

        assertThat(nodeA.events("req-1")).extracting(RequestEvent::sequence).containsExactly(1, 2);
        assertThatThrownBy(() -> nodeA.append(List.of(started("req-1", 2))))
                .isInstanceOf(RequestConflictException.class);
        nodeA.append(List.of(terminal("req-1", 3, RequestEventType.COMPLETED)));
        assertThat(nodeB.openEvents()).isEmpty();
    }

    @Test
    void whenTheStorageFails_everyCallThrowsStoreUnavailable() {
        nodeA.append(List.of(received("req-1", T0)));
        assumeThat(breakStorage(nodeA))
                .as("the store cannot simulate an outage")
                .isTrue();

        assertThatThrownBy(() -> nodeA.append(List.of(started("req-1", 2))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> nodeA.append(List.of(received("req-2", T0))))
                .isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> nodeA.events("req-1")).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> nodeA.openEvents()).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> nodeA.receivedEvents(T0, T0.plusSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class);
    }

    // ---------------------------------------------------------------- events

    private static RequestEvent received(String id, Instant at) {
        return received(id, at, Actor.subject(), Map.of("subject", "ada"));
    }

    private static RequestEvent received(String id, Instant at, Actor actor, Map<String, String> details) {
        return event(id, 1, RequestEventType.RECEIVED, at, actor, details);
    }

    private static RequestEvent started(String id, int sequence) {
        return event(id, sequence, RequestEventType.STARTED, T0.plusSeconds(sequence), Actor.operator("op"), Map.of());
    }

    private static RequestEvent terminal(String id, int sequence, RequestEventType type) {
        return event(id, sequence, type, T0.plusSeconds(sequence), Actor.operator("op"), Map.of("note", "done"));
    }

    private static RequestEvent event(
            String id, int sequence, RequestEventType type, Instant at, Actor actor, Map<String, String> details) {
        return new RequestEvent(id, sequence, type, at, actor, details);
    }

    /** Details whose values JSON and the databases' encodings must keep exactly. */
    private static Map<String, String> unicode() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", "Zoë Ağaoğlu 名前 👩🏽‍⚖️");
        details.put("quotes", "\"quoted\" 'single' \\back\\slash");
        details.put("lines", "first\nsecond\r\n\tthird");
        details.put("json", "{\"a\":[1,2],\"b\":null}");
        details.put("control", "\u0000\u0001\u001f\u007f");
        details.put("empty", "");
        details.put("evidence.ip", "203.0.113.7");
        details.put("spaces", "  padded  ");
        return details;
    }

    /** The most details an event carries, each as long as a value may be. */
    private static Map<String, String> full() {
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < RequestEvent.MAX_DETAILS; i++) {
            details.put(
                    "k" + i,
                    ("é" + i + "€")
                            .repeat(RequestEvent.MAX_DETAIL_LENGTH)
                            .substring(0, RequestEvent.MAX_DETAIL_LENGTH));
        }
        return details;
    }
}
