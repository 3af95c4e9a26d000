package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-subject expected sequence: the loser of a race is told so, with a typed conflict, and wrote
 * nothing. The race tests use real threads that all build on the same head and append at once.
 */
abstract class OptimisticConcurrencyContract extends ContractPart {
    OptimisticConcurrencyContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void append_toANewSubject_expectsSequenceZero() {
        SubjectAppend first = newChain("alice").append("form-1", grant("p.one"));
        assertThat(first.expectedSequence()).isZero();

        assertThat(sequences(append(first))).containsExactly(1L);
        assertThat(store().loadCurrentState("alice").sequence()).isEqualTo(1);
    }

    @Test
    void append_toANewSubject_expectingAnyOtherSequence_conflicts_andStoresNothing() {
        SubjectAppend wrong = new Chain("alice", 1, null).append("form-1", grant("p.one"));

        assertThatThrownBy(() -> append(wrong)).isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
            assertThat(e.subject()).isEqualTo("alice");
            assertThat(e.expectedSequence()).isEqualTo(1);
        });
        assertThat(state("alice")).isEqualTo(emptyState("alice"));
    }

    @ParameterizedTest(name = "expecting sequence {0} when the head is at 2")
    @ValueSource(longs = {0, 1, 3, 4})
    void append_expectingAnythingButTheLatestSequence_conflictsNamingTheSubject_andStoresNothing(long expected) {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"));
        alice = write(alice, "form-2", grant("p.two"));
        write(newChain("bob"), "form-1", grant("p.one"));
        State before = state("alice", "bob");
        SubjectAppend wrong = new Chain("alice", expected, alice.tipHash()).append("form-3", grant("p.three"));

        assertThatThrownBy(() -> append(wrong)).isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
            assertThat(e.subject()).isEqualTo("alice");
            assertThat(e.expectedSequence()).isEqualTo(expected);
        });
        assertThat(state("alice", "bob")).isEqualTo(before);
    }

    @Test
    void oneSubject_racedByManyWriters_exactlyOneWinsEachRound() {
        int rounds = contract().raceRounds();
        int threads = contract().raceThreads();

        Outcomes outcomes = race(
                List.of("alice"),
                (thread, round, heads) -> List.of(
                        heads.get("alice").append("t" + thread + "-r" + round, grant("p.one"), grant("p.two"))));

        outcomes.assertOneWinnerPerRound(rounds, threads);
        List<ConsentRecord> records = store().readSubject("alice");
        assertThat(sequences(records)).containsExactlyElementsOf(range(1, 2L * rounds));
        assertThat(TestRecords.chainProblems(records)).isEmpty();
        assertThat(positions(records)).containsExactlyElementsOf(range(1, 2L * rounds));
        assertThat(store().headPosition()).isEqualTo(2L * rounds);
    }

    /**
     * The lost-update test: writers that are already running (not woken together each round) append to
     * one subject as fast as they can, each reloading the head and retrying when it loses, until each has
     * landed its share. Two winners on the same head would show as a repeated sequence.
     *
     * <p>A conflict means another writer won between this writer's read of the head and its append, so a
     * correct store reports at most {@code threads - 1} conflicts per win. More means the store refuses
     * appends built on the head it reports itself (as after a lost update); the writers stop there.
     */
    @Test
    void oneSubject_hammeredByWritersRetryingOnConflict_losesNoUpdate() {
        int threads = contract().raceThreads();
        int perThread = Math.max(10, contract().raceRounds() / 4);
        long maxConflicts = (long) (threads - 1) * threads * perThread;
        AtomicInteger conflicts = new AtomicInteger();
        Queue<ConsentRecord> won = new ConcurrentLinkedQueue<>();

        Concurrently.run(threads, thread -> {
            for (int landed = 0; landed < perThread && conflicts.get() <= maxConflicts; ) {
                CurrentState head = store().loadCurrentState("alice");
                Chain chain = TestRecords.chainAfter("alice", latestInOrder(head));
                try {
                    won.addAll(append(chain.append("t" + thread + "-" + landed, grant("p." + thread))));
                    landed++;
                } catch (ConcurrentUpdateException e) {
                    conflicts.incrementAndGet();
                }
            }
        });

        assertThat((long) conflicts.get())
                .as("conflicts, at most %d for %d wins", maxConflicts, won.size())
                .isLessThanOrEqualTo(maxConflicts);
        List<ConsentRecord> records = store().readSubject("alice");
        assertThat(sequences(records))
                .as("sequences after %d conflicts", conflicts.get())
                .containsExactlyElementsOf(range(1, (long) threads * perThread));
        assertThat(records).containsExactlyInAnyOrderElementsOf(won);
        assertThat(TestRecords.chainProblems(records)).isEmpty();
        assertThat(store().headPosition()).isEqualTo((long) threads * perThread);
    }

    @Test
    void twoSubjects_racedByBatchesInOppositeOrder_exactlyOneWinsEachRound_withoutDeadlock() {
        int rounds = contract().raceRounds();
        int threads = contract().raceThreads();

        Outcomes outcomes = race(List.of("alice", "bob"), (thread, round, heads) -> {
            String interaction = "t" + thread + "-r" + round;
            SubjectAppend a = heads.get("alice").append(interaction, grant("p.one"));
            SubjectAppend b = heads.get("bob").append(interaction, grant("p.one"));
            return thread % 2 == 0 ? List.of(a, b) : List.of(b, a);
        });

        outcomes.assertOneWinnerPerRound(rounds, threads);
        List<ConsentRecord> alice = store().readSubject("alice");
        List<ConsentRecord> bob = store().readSubject("bob");
        assertThat(sequences(alice)).containsExactlyElementsOf(range(1, rounds));
        assertThat(sequences(bob)).containsExactlyElementsOf(range(1, rounds));
        assertThat(alice)
                .extracting(ConsentRecord::interactionId)
                .as("the two subjects advance together, one batch at a time")
                .containsExactlyElementsOf(
                        bob.stream().map(ConsentRecord::interactionId).toList());
        assertThat(TestRecords.chainProblems(alice)).isEmpty();
        assertThat(TestRecords.chainProblems(bob)).isEmpty();
        assertThat(positions(feed())).containsExactlyElementsOf(range(1, 2L * rounds));
    }

    /** What one racing thread appends in a round, built on the heads every thread sees that round. */
    interface Candidate {
        List<SubjectAppend> build(int thread, int round, Map<String, Chain> heads);
    }

    /**
     * Runs {@link ConsentStoreContract#raceRounds()} rounds. Each round the heads of the subjects are
     * read, every thread builds its candidate on them, and all threads append at once; each outcome is
     * counted.
     */
    private Outcomes race(List<String> subjects, Candidate candidate) {
        int rounds = contract().raceRounds();
        int threads = contract().raceThreads();
        AtomicReference<Map<String, Chain>> heads = new AtomicReference<>();
        CyclicBarrier built = new CyclicBarrier(threads, () -> {
            Map<String, Chain> now = new LinkedHashMap<>();
            subjects.forEach(s -> now.put(s, TestRecords.chainAfter(s, store().readSubject(s))));
            heads.set(now);
        });
        CyclicBarrier go = new CyclicBarrier(threads);
        Outcomes outcomes = new Outcomes(rounds);
        Concurrently.run(threads, thread -> {
            for (int round = 0; round < rounds; round++) {
                built.await(Concurrently.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                List<SubjectAppend> batch = candidate.build(thread, round, heads.get());
                go.await(Concurrently.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                try {
                    store().append(batch);
                    outcomes.wins.incrementAndGet(round);
                } catch (ConcurrentUpdateException e) {
                    outcomes.conflicts.incrementAndGet();
                    if (!subjects.contains(e.subject())) {
                        outcomes.unexpected.add(new AssertionError("conflict names subject " + e.subject(), e));
                    }
                } catch (RuntimeException e) {
                    outcomes.unexpected.add(e);
                }
            }
        });
        return outcomes;
    }

    /** The counted outcomes of a race. */
    static final class Outcomes {
        final AtomicIntegerArray wins;
        final AtomicInteger conflicts = new AtomicInteger();
        final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

        Outcomes(int rounds) {
            wins = new AtomicIntegerArray(rounds);
        }

        void assertOneWinnerPerRound(int rounds, int threads) {
            assertThat(unexpected).as("outcomes other than a win or a conflict").isEmpty();
            List<Integer> perRound = new ArrayList<>(rounds);
            for (int i = 0; i < rounds; i++) {
                perRound.add(wins.get(i));
            }
            assertThat(perRound).as("winners per round").hasSize(rounds).containsOnly(1);
            assertThat(conflicts.get()).as("conflicts").isEqualTo(rounds * (threads - 1));
        }
    }
}
