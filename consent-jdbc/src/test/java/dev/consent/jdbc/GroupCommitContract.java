package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.WriteResult;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of the store's own appends, with real threads on a real database: concurrent appends share
 * transactions, and every promise stays per append: each acknowledged append is in the feed once, positions
 * are dense, chains verify, and one bad append of a batch fails alone while the others commit.
 */
abstract class GroupCommitContract {
    private TestStore tables;
    private ConsentSystem consent;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        tables = database().newStore();
        consent = ConsentSystem.builder()
                .store(tables.jdbc())
                .feedPollInterval(Duration.ZERO)
                .build();
        Fixtures.defineStandard(consent.purposes());
    }

    @AfterEach
    void close() {
        consent.close();
        tables.close();
    }

    @Test
    void concurrentAppends_onDistinctSubjectsAndOneShared_areEachInTheFeedOnce_dense_andVerified() throws Exception {
        int threads = 8;
        int perThread = 30;
        ConcurrentLinkedQueue<WriteResult> acknowledged = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String subject = i % 3 == 0 ? "shared" : "s-" + thread + "-" + i;
                        acknowledged.add(
                                i % 2 == 0
                                        ? consent.ledger().grant(subject, EMAIL, WEB)
                                        : consent.ledger().withdraw(subject, EMAIL, WEB));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<ConsentRecord> feed = tables.readFeed(0, 100_000);
        assertThat(acknowledged).hasSize(threads * perThread);
        assertThat(feed).hasSize(threads * perThread);
        for (int i = 0; i < feed.size(); i++) {
            assertThat(feed.get(i).position())
                    .as("position of the feed's record " + i)
                    .isEqualTo(i + 1);
        }
        Set<java.util.UUID> inFeed = new HashSet<>();
        feed.forEach(r -> inFeed.add(r.id()));
        Set<java.util.UUID> acked = new HashSet<>();
        for (WriteResult w : acknowledged) {
            assertThat(w.replayed()).isFalse();
            for (ConsentRecord r : w.records()) {
                assertThat(acked.add(r.id())).as("record acknowledged once").isTrue();
            }
        }
        assertThat(acked).isEqualTo(inFeed);
        assertThat(consent.ledger().history("shared")).hasSize(threads * ((perThread + 2) / 3));
        assertThat(consent.ledger().verify().ok()).isTrue();
        long[] counts = tables.jdbc().appends.counts();
        assertThat(counts[1]).as("appends through batches").isEqualTo(threads * perThread);
    }

    @Test
    void aDuplicateAndAnInvalidAppend_inOneBatch_failAlone_andTheOthersCommit() throws Exception {
        Interaction earlier = Interaction.builder("dup")
                .interactionId("form-1")
                .context(WEB)
                .grant(EMAIL)
                .build();
        WriteResult first = consent.ledger().record(earlier);
        GroupCommit group = tables.jdbc().appends;
        long[] before = group.counts();
        ExecutorService pool = Executors.newCachedThreadPool();
        try (Connection holder = database().pool().getConnection()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT position FROM " + tables.jdbc().tablePrefix() + "ledger_head WHERE id = 1"
                                + " FOR UPDATE")
                        .close();
            }
            // the leader takes its batch of one and waits for the head lock the holder has
            Future<WriteResult> leader = pool.submit(() -> consent.ledger().grant("leader", EMAIL, WEB));
            await(() -> group.counts()[0] == before[0] + 1 && group.queued() == 0);
            Future<WriteResult> a = pool.submit(() -> consent.ledger().grant("a", EMAIL, WEB));
            Future<WriteResult> dup = pool.submit(() -> consent.ledger().record(earlier));
            Future<WriteResult> b = pool.submit(() -> consent.ledger().grant("b", EMAIL, WEB));
            Interaction future = Interaction.builder("bad")
                    .context(WEB)
                    .grant(EMAIL)
                    .occurredAt(Instant.now().plus(Duration.ofDays(30)))
                    .build();
            Future<WriteResult> bad = pool.submit(() -> consent.ledger().record(future));
            Future<WriteResult> c = pool.submit(() -> consent.ledger().grant("c", EMAIL, WEB));
            await(() -> group.queued() == 5);
            holder.rollback();

            assertThat(leader.get(30, TimeUnit.SECONDS).records()).hasSize(1);
            for (Future<WriteResult> ok : List.of(a, b, c)) {
                assertThat(ok.get(30, TimeUnit.SECONDS).records()).hasSize(1);
            }
            WriteResult replay = dup.get(30, TimeUnit.SECONDS);
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.records()).isEqualTo(first.records());
            assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidInputException.class);
        } finally {
            pool.shutdownNow();
        }
        long[] after = group.counts();
        assertThat(after[0] - before[0])
                .as("batches: the leader's, then one of the five that queued")
                .isEqualTo(2);
        assertThat(after[1] - before[1]).isEqualTo(6);
        List<ConsentRecord> feed = tables.readFeed(0, 1_000);
        assertThat(feed).extracting(ConsentRecord::position).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(feed).extracting(ConsentRecord::subject).containsExactlyInAnyOrder("dup", "leader", "a", "b", "c");
        assertThat(consent.ledger().history("bad")).isEmpty();
        assertThat(consent.ledger().history("dup")).hasSize(1);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            Thread.sleep(5);
        }
    }
}
