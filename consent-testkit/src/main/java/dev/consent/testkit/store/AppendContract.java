package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Appending records and reading them back: positions, order, the returned records. */
abstract class AppendContract extends ContractPart {
    AppendContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void append_assignsTheNextPositionsInTheOrderGiven() {
        Chain alice = newChain("alice");
        SubjectAppend a1 = alice.append("a-1", grant("p.one"));
        assertThat(positions(append(a1))).containsExactly(1L);

        SubjectAppend a2 = alice.after(a1).append("a-2", grant("p.two"), grant("p.three"));
        SubjectAppend b1 = newChain("bob").append("b-1", grant("p.one"), grant("p.two"), grant("p.three"));
        List<ConsentRecord> batch = append(a2, b1);

        assertThat(positions(batch)).containsExactly(2L, 3L, 4L, 5L, 6L);
        List<UUID> given = new ArrayList<>();
        a2.records().forEach(r -> given.add(r.id()));
        b1.records().forEach(r -> given.add(r.id()));
        assertThat(batch).extracting(ConsentRecord::id).containsExactlyElementsOf(given);
    }

    @Test
    void append_returnsTheGivenRecordsWithOnlyTheirPositionSet() {
        SubjectAppend a = newChain("alice")
                .append(
                        "form-1",
                        grant("p.one"),
                        grant("p.two").evidence(Evidence.of("203.0.113.9", "UA")),
                        grant("p.three"));

        List<ConsentRecord> stored = append(a);

        assertThat(stored).hasSameSizeAs(a.records());
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i).position()).isPositive();
            assertThat(stored.get(i))
                    .isEqualTo(a.records().get(i).withPosition(stored.get(i).position()));
        }
    }

    @Test
    void readSubject_returnsOnlyThatSubjectsRecords_inSequenceOrder_withTheirPositions() {
        Chain alice = newChain("alice");
        Chain bob = newChain("bob");
        List<ConsentRecord> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SubjectAppend a = alice.append("a-" + i, grant("p.one"), grant("p.two"));
            SubjectAppend b = bob.append("b-" + i, grant("p.one"));
            List<ConsentRecord> stored = i % 2 == 0 ? append(b, a) : append(a, b);
            stored.stream().filter(r -> r.subject().equals("alice")).forEach(expected::add);
            alice = alice.after(a);
            bob = bob.after(b);
        }

        List<ConsentRecord> read = store().readSubject("alice");

        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(sequences(read)).containsExactlyElementsOf(range(1, 8));
        assertThat(TestRecords.chainProblems(read)).isEmpty();
    }

    @Test
    void readSubject_ofAnUnknownSubject_isEmpty() {
        write(newChain("alice"), "form-1", grant("p.one"));

        assertThat(store().readSubject("nobody")).isEmpty();
    }

    @Test
    void headPosition_isZeroWhenEmpty_thenTheLastAssignedPosition() {
        assertThat(store().headPosition()).isZero();
        List<ConsentRecord> first = append(newChain("alice").append("form-1", grant("p.one"), grant("p.two")));
        assertThat(store().headPosition()).isEqualTo(first.get(1).position()).isEqualTo(2);
        List<ConsentRecord> second = append(newChain("bob").append("form-1", grant("p.one")));
        assertThat(store().headPosition()).isEqualTo(second.get(0).position()).isEqualTo(3);
    }

    @Test
    void append_ofOneSubjectTwiceInABatch_isRejected_andStoresNothing() {
        Chain alice = newChain("alice");
        SubjectAppend first = alice.append("form-1", grant("p.one"));
        SubjectAppend second = alice.after(first).append("form-2", grant("p.two"));
        SubjectAppend bob = newChain("bob").append("form-1", grant("p.one"));

        assertThatThrownBy(() -> append(bob, first, second)).isInstanceOf(InvalidInputException.class);

        assertThat(state("alice", "bob")).isEqualTo(emptyState("alice", "bob"));
    }

    @Test
    void readResults_areSnapshots_thatLaterAppendsLeaveUnchanged() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one").evidence(Evidence.of("203.0.113.9", null)));
        State before = state("alice");
        CurrentState current = store().loadCurrentState("alice");
        CurrentState currentCopy =
                new CurrentState(current.subject(), new ArrayList<>(current.latest()), current.asOfPosition());
        List<ConsentRecord> records = store().readSubject("alice");
        List<ConsentRecord> recordsCopy = new ArrayList<>(records);
        List<ConsentRecord> feed = feed();
        List<ConsentRecord> feedCopy = new ArrayList<>(feed);
        Map<UUID, StoredEvidence> evidence = store().readEvidence("alice");
        Map<UUID, StoredEvidence> evidenceCopy = new HashMap<>(evidence);

        write(alice, "form-2", grant("p.one").evidence(Evidence.of("203.0.113.10", null)), grant("p.two"));
        store().eraseEvidence("alice");

        assertThat(records).isEqualTo(recordsCopy).isEqualTo(before.records().get("alice"));
        assertThat(feed).isEqualTo(feedCopy).isEqualTo(before.feed());
        assertThat(evidence).isEqualTo(evidenceCopy).isEqualTo(before.evidence().get("alice"));
        assertThat(current).isEqualTo(currentCopy);
    }

    @Test
    void everyMethod_rejectsNull_andAppendStoresNothing() {
        SubjectAppend valid = newChain("alice").append("form-1", grant("p.one"));

        assertThatNullPointerException().isThrownBy(() -> store().append(null));
        assertThatNullPointerException().isThrownBy(() -> store().append(Arrays.asList(valid, null)));
        assertThatNullPointerException().isThrownBy(() -> store().loadCurrentState(null));
        assertThatNullPointerException().isThrownBy(() -> store().loadCurrentStates(null));
        assertThatNullPointerException().isThrownBy(() -> store().loadCurrentStates(Arrays.asList("alice", null)));
        assertThatNullPointerException().isThrownBy(() -> store().readSubject(null));
        assertThatNullPointerException().isThrownBy(() -> store().readEvidence(null));
        assertThatNullPointerException().isThrownBy(() -> store().eraseEvidence(null));
        assertThatNullPointerException().isThrownBy(() -> store().savePurpose(null));

        assertThat(state("alice")).isEqualTo(emptyState("alice"));
        assertThat(store().loadPurposes()).isEmpty();
    }

    @Test
    void everyOperation_whenTheStorageFails_throwsStoreUnavailable() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"));
        assumeThat(contract().breakStorage(store()))
                .as("the store can simulate an outage")
                .isTrue();

        List<ThrowingCallable> operations = List.of(
                () -> append(alice.append("form-2", grant("p.two"))),
                () -> store().loadCurrentState("alice"),
                () -> store().loadCurrentStates(List.of("alice", "bob")),
                () -> store().readSubject("alice"),
                () -> store().readFeed(0, 10),
                () -> store().headPosition(),
                () -> store().readEvidence("alice"),
                () -> store().eraseEvidence("alice"),
                () -> store().savePurpose(TestRecords.purpose("p.one").build()),
                () -> store().loadPurposes());
        for (ThrowingCallable operation : operations) {
            assertThatThrownBy(operation)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasCauseInstanceOf(Exception.class);
        }
    }
}
