package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Evidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch of appends for several subjects (one form submission for a household, an import) is stored
 * whole or not at all. The failing subject is tried first, in the middle and last, so a store that
 * writes as it checks is caught whichever subject it stops at.
 */
abstract class AtomicBatchContract extends ContractPart {
    private static final String[] SUBJECTS = {"alice", "bob", "carol"};

    AtomicBatchContract(ConsentStoreContract contract) {
        super(contract);
    }

    /** One record with evidence for each subject: positions 1 to 3. */
    private List<Chain> oneRecordEach() {
        List<Chain> chains = new ArrayList<>();
        for (String s : SUBJECTS) {
            chains.add(write(newChain(s), "signup", grant("p.one").evidence(Evidence.of("203.0.113.9", s))));
        }
        return chains;
    }

    /** Two records with evidence for each subject, after its chain. */
    private static SubjectAppend twoMore(Chain chain) {
        return chain.append("settings", grant("p.two").evidence(Evidence.of("198.51.100.7", "UA")), grant("p.three"));
    }

    @ParameterizedTest(name = "stale subject at index {0}")
    @ValueSource(ints = {0, 1, 2})
    void batch_withOneStaleSubject_conflicts_andStoresNothingOfTheBatch(int stale) {
        List<Chain> chains = oneRecordEach();
        State before = state(SUBJECTS);
        List<SubjectAppend> batch = new ArrayList<>();
        for (int i = 0; i < SUBJECTS.length; i++) {
            Chain c = chains.get(i);
            batch.add(twoMore(i == stale ? new Chain(c.subject(), 7, c.tipHash()) : c));
        }

        assertThatThrownBy(() -> store().append(batch)).isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
            assertThat(e.subject()).isEqualTo(SUBJECTS[stale]);
            assertThat(e.expectedSequence()).isEqualTo(7);
        });

        assertThat(state(SUBJECTS)).isEqualTo(before);
        assertNextBatchFollowsWithoutGap(chains);
    }

    @ParameterizedTest(name = "duplicate interaction at index {0}")
    @ValueSource(ints = {0, 1, 2})
    void batch_withOneDuplicateInteraction_isRejected_andStoresNothingOfTheBatch(int duplicate) {
        List<Chain> chains = oneRecordEach();
        State before = state(SUBJECTS);
        List<SubjectAppend> batch = new ArrayList<>();
        for (int i = 0; i < SUBJECTS.length; i++) {
            Chain c = chains.get(i);
            batch.add(i == duplicate ? c.append("signup", grant("p.two")) : twoMore(c));
        }

        assertThatThrownBy(() -> store().append(batch))
                .isInstanceOfSatisfying(DuplicateInteractionException.class, e -> {
                    assertThat(e.subject()).isEqualTo(SUBJECTS[duplicate]);
                    assertThat(e.interactionId()).isEqualTo("signup");
                });

        assertThat(state(SUBJECTS)).isEqualTo(before);
        assertNextBatchFollowsWithoutGap(chains);
    }

    @Test
    void batch_ofSeveralSubjects_isStoredWhole() {
        List<Chain> chains = oneRecordEach();
        List<SubjectAppend> batch =
                chains.stream().map(AtomicBatchContract::twoMore).toList();

        List<ConsentRecord> stored = store().append(batch);

        assertThat(positions(stored)).containsExactlyElementsOf(range(4, 9));
        assertThat(store().headPosition()).isEqualTo(9);
        for (SubjectAppend a : batch) {
            List<ConsentRecord> records = store().readSubject(a.subject());
            assertThat(sequences(records)).containsExactly(1L, 2L, 3L);
            assertThat(records.subList(1, 3))
                    .containsExactlyElementsOf(stored.stream()
                            .filter(r -> r.subject().equals(a.subject()))
                            .toList());
            assertThat(store().readEvidence(a.subject())).hasSize(2).containsAllEntriesOf(a.evidence());
            assertThat(store().loadCurrentState(a.subject()).sequence()).isEqualTo(3);
        }
    }

    /** The failed batch left no hole: the next append gets the positions right after the head. */
    private void assertNextBatchFollowsWithoutGap(List<Chain> chains) {
        List<SubjectAppend> batch =
                chains.stream().map(AtomicBatchContract::twoMore).toList();
        assertThat(positions(store().append(batch))).containsExactlyElementsOf(range(4, 9));
        for (SubjectAppend a : batch) {
            assertThat(store().readEvidence(a.subject())).hasSize(2).containsAllEntriesOf(a.evidence());
        }
    }
}
