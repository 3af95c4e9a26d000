package dev.consent.jdbc;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed never skips a record that commits late: positions are assigned under the ledger-head lock,
 * so a later position cannot commit before an earlier one, and a reader that saw position p never later
 * finds a new record below p.
 */
abstract class FeedOrderContract {
    private TestStore store;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        store = database().newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void appendWaitingBehindAnOpenTransaction_takesTheNextPosition_andCommitsAfterIt() throws Exception {
        Jdbi jdbi = Jdbi.create(database().pool());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Handle early = jdbi.open()) {
            early.begin();
            store.jdbc().transaction(early).append(List.of(newChain("alice").append("form-1", grant("p.one"))));

            Future<List<ConsentRecord>> late =
                    other.submit(() -> store.append(List.of(newChain("bob").append("form-2", grant("p.one")))));
            Thread.sleep(300);
            assertThat(late)
                    .as("the second append waits for the first transaction's lock")
                    .isNotDone();
            assertThat(store.readFeed(0, 10)).as("nothing is committed yet").isEmpty();
            assertThat(store.headPosition()).isZero();

            early.commit();
            List<ConsentRecord> bob = late.get(10, TimeUnit.SECONDS);
            assertThat(bob).extracting(ConsentRecord::position).containsExactly(2L);
        } finally {
            other.shutdownNow();
        }
        assertThat(store.readFeed(0, 10))
                .extracting(ConsentRecord::subject, ConsentRecord::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", 1L),
                        org.assertj.core.groups.Tuple.tuple("bob", 2L));
    }

    @Test
    void readerFollowingTheFeedWhileWritersRace_seesEveryPositionOnce_inOrder() throws Exception {
        int writers = 4;
        int appendsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Long> seen = new ArrayList<>();
        try {
            CompletableFuture<Void> reader = CompletableFuture.runAsync(
                    () -> {
                        long last = 0;
                        while (true) {
                            boolean finished = done.get();
                            for (ConsentRecord r : store.readFeed(last, 50)) {
                                seen.add(r.position());
                                last = r.position();
                            }
                            if (finished && last == store.headPosition()) {
                                return;
                            }
                        }
                    },
                    pool);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String subject = "writer-" + w;
                all.add(CompletableFuture.runAsync(
                        () -> {
                            await(start);
                            Chain chain = newChain(subject);
                            for (int i = 0; i < appendsEach; i++) {
                                var append = chain.append("form-" + i, grant("p.one"), grant("p.two"));
                                store.append(List.of(append));
                                chain = chain.after(append);
                            }
                        },
                        pool));
            }
            start.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            done.set(true);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long total = writers * appendsEach * 2L;
        assertThat(seen)
                .as("every position once, in order, none skipped")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
