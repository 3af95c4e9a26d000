package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import dev.consent.testkit.store.TestRecords.Draft;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Appends from many threads: every record lands once, positions stay unique and dense, the feed follows
 * commit order, so a reader following it never skips a record, and a head is consistent with its position.
 */
abstract class ConcurrentAppendContract extends ContractPart {
    ConcurrentAppendContract(ConsentStoreContract contract) {
        super(contract);
    }

    /**
     * Each writer appends {@code perWriter} times to its own three subjects: one record, two records,
     * or (every fifth time) a batch over two of its subjects. Returns every stored record.
     */
    private Queue<List<ConsentRecord>> writeConcurrently(
            int writers, int perWriter, int followers, Concurrently.Body follower) {
        Queue<List<ConsentRecord>> appended = new ConcurrentLinkedQueue<>();
        AtomicInteger finished = new AtomicInteger();
        Concurrently.run(writers + followers, thread -> {
            if (thread >= writers) {
                follower.run(thread - writers);
                return;
            }
            try {
                Chain[] chains = new Chain[3];
                for (int s = 0; s < 3; s++) {
                    chains[s] = newChain("writer-" + thread + "-subject-" + s);
                }
                for (int i = 0; i < perWriter; i++) {
                    int s = i % 3;
                    String interaction = "w" + thread + "-" + i;
                    Draft[] drafts =
                            i % 2 == 0 ? new Draft[] {grant("p.one")} : new Draft[] {grant("p.one"), grant("p.two")};
                    SubjectAppend a = chains[s].append(interaction, drafts);
                    if (i % 5 == 4) {
                        int t = (s + 1) % 3;
                        SubjectAppend b = chains[t].append(interaction, grant("p.three"));
                        appended.add(store().append(List.of(a, b)));
                        chains[t] = chains[t].after(b);
                    } else {
                        appended.add(store().append(List.of(a)));
                    }
                    chains[s] = chains[s].after(a);
                }
            } finally {
                if (finished.incrementAndGet() == writers) {
                    writersDone = true;
                }
            }
        });
        return appended;
    }

    private volatile boolean writersDone;

    @Test
    void appendsToDifferentSubjects_fromManyThreads_allLand_withUniqueDensePositions_inFeedOrder() {
        int writers = contract().raceThreads();
        int perWriter = Math.max(10, contract().raceRounds() / 4);

        Queue<List<ConsentRecord>> appended = writeConcurrently(writers, perWriter, 0, f -> {});

        List<ConsentRecord> all = appended.stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparingLong(ConsentRecord::position))
                .toList();
        assertThat(positions(all))
                .as("positions of every stored record")
                .containsExactlyElementsOf(range(1, all.size()));
        for (List<ConsentRecord> one : appended) {
            assertThat(positions(one))
                    .as("one append takes consecutive positions")
                    .containsExactlyElementsOf(
                            range(one.get(0).position(), one.get(0).position() + one.size() - 1));
        }
        assertThat(store().headPosition()).isEqualTo(all.size());
        assertThat(feed()).containsExactlyElementsOf(all);
        Map<String, List<ConsentRecord>> bySubject =
                all.stream().collect(Collectors.groupingBy(ConsentRecord::subject, TreeMap::new, Collectors.toList()));
        assertThat(bySubject).hasSize(3 * writers);
        bySubject.forEach((subject, records) -> {
            List<ConsentRecord> read = store().readSubject(subject);
            assertThat(read).as(subject).containsExactlyElementsOf(records);
            assertThat(TestRecords.chainProblems(read)).as(subject).isEmpty();
        });
    }

    /**
     * The promise a relay relies on: a reader that polls the feed after the last position it saw, while
     * writers commit, sees every position exactly once and in order (a position never commits below
     * one already visible).
     */
    @Test
    void feedFollower_duringConcurrentAppends_seesEveryPositionOnce_inOrder() {
        int writers = Math.max(2, contract().raceThreads() / 2);
        int perWriter = Math.max(10, contract().raceRounds());
        List<ConsentRecord> seen = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        writeConcurrently(writers, perWriter, 1, follower -> {
            long after = 0;
            while (!Thread.currentThread().isInterrupted()) {
                boolean done = writersDone;
                List<ConsentRecord> page = store().readFeed(after, 7);
                for (ConsentRecord r : page) {
                    if (r.position() <= after) {
                        problems.add("after position " + after + " the feed went back to position " + r.position());
                        return;
                    }
                    if (r.position() != after + 1) {
                        problems.add("after position " + after + " the feed gave position " + r.position());
                    }
                    seen.add(r);
                    after = r.position();
                }
                if (page.isEmpty()) {
                    if (done) {
                        return;
                    }
                    Thread.yield();
                }
            }
        });

        assertThat(problems).isEmpty();
        assertThat(positions(seen)).containsExactlyElementsOf(range(1, store().headPosition()));
        assertThat(seen).containsExactlyElementsOf(feed());
    }

    /**
     * {@link CurrentState#asOfPosition()} is read in the same step as the records: every record of the
     * subject at or below it is reflected in the head, even while the subject is being written.
     */
    @Test
    void loadCurrentState_duringAppends_reflectsEveryRecordUpToItsPosition() {
        int appends = Math.max(50, contract().raceRounds() * 5);
        int readers = 2;
        List<List<CurrentState>> samples = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            samples.add(new ArrayList<>());
        }
        AtomicInteger written = new AtomicInteger();

        Concurrently.run(1 + readers, thread -> {
            if (thread == 0) {
                Chain hot = newChain("hot");
                Chain other = newChain("other");
                for (int i = 0; i < appends; i++) {
                    hot = write(hot, "h" + i, grant("p." + i % 3));
                    other = write(other, "o" + i, grant("p.one"));
                    written.incrementAndGet();
                }
                return;
            }
            List<CurrentState> mine = samples.get(thread - 1);
            while (written.get() < appends && mine.size() < 20_000) {
                mine.add(store().loadCurrentState("hot"));
            }
        });

        List<ConsentRecord> hot = store().readSubject("hot");
        assertThat(hot).hasSize(appends);
        long head = store().headPosition();
        long[] hotPositions = hot.stream().mapToLong(ConsentRecord::position).toArray();
        int checked = 0;
        for (List<CurrentState> mine : samples) {
            for (CurrentState h : mine) {
                int found = Arrays.binarySearch(hotPositions, h.asOfPosition());
                long reflected = found >= 0 ? found + 1 : -found - 1;
                assertThat(h.sequence())
                        .as("head as of position %d", h.asOfPosition())
                        .isGreaterThanOrEqualTo(reflected);
                assertThat(h.asOfPosition()).isLessThanOrEqualTo(head);
                for (ConsentRecord r : h.latest()) {
                    assertThat(r).isEqualTo(hot.get((int) r.subjectSequence() - 1));
                }
                checked++;
            }
        }
        assertThat(checked).as("heads sampled").isPositive();
    }
}
