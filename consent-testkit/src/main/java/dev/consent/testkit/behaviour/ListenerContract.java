package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Subscription;
import dev.consent.WriteResult;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Listeners: told after commit, off the writer's thread, in commit order, isolated from each other. */
public abstract class ListenerContract extends BehaviourContract {

    @Test
    void listener_isToldAfterCommit_onAnotherThread() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        CountDownLatch told = new CountDownLatch(1);
        AtomicReference<Thread> deliveredOn = new AtomicReference<>();
        AtomicReference<ConsentChange> received = new AtomicReference<>();
        AtomicReference<List<ConsentRecord>> committedAtDelivery = new AtomicReference<>();
        cs.subscribe(change -> {
            deliveredOn.set(Thread.currentThread());
            committedAtDelivery.set(cs.ledger().history(change.subject()));
            received.set(change);
            told.countDown();
        });

        WriteResult written = cs.ledger()
                .record(dev.consent.Interaction.builder("user-1")
                        .interactionId("form-1")
                        .context(WEB)
                        .grant(EMAIL)
                        .deny(SMS)
                        .build());

        assertThat(told.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(deliveredOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
        ConsentChange change = received.get();
        assertThat(change.subject()).isEqualTo("user-1");
        assertThat(change.interactionId()).isEqualTo("form-1");
        assertThat(change.records()).containsExactlyElementsOf(written.records());
        assertThat(change.position()).isEqualTo(written.position());
        assertThat(committedAtDelivery.get()).containsAll(written.records());
    }

    @Test
    void listener_receivesChanges_inCommitOrder() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        int writes = 60;
        CountDownLatch all = new CountDownLatch(writes);
        List<Long> seen = new CopyOnWriteArrayList<>();
        cs.subscribe(change -> {
            seen.add(change.position());
            all.countDown();
        });
        List<Long> written = new ArrayList<>();

        for (int i = 0; i < writes; i++) {
            String subject = "user-" + (i % 5);
            written.add(
                    (i / 5) % 2 == 0
                            ? cs.ledger().grant(subject, EMAIL, WEB).position()
                            : cs.ledger().withdraw(subject, EMAIL, WEB).position());
        }

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactlyElementsOf(written);
    }

    @Test
    void listener_receivesChanges_inCommitOrder_whenAnEarlierCommitReturnsLate() throws Exception {
        CountDownLatch slowCommitted = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        ForwardingStore slowToReturn = new ForwardingStore(store) {
            @Override
            public List<ConsentRecord> append(List<SubjectAppend> appends) {
                List<ConsentRecord> out = super.append(appends);
                if (appends.get(0).subject().equals("slow")) {
                    slowCommitted.countDown();
                    try {
                        releaseSlow.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return out;
            }
        };
        ConsentSystem cs = systemOver(slowToReturn, b -> {});
        Fixtures.defineStandard(cs.purposes());
        CountDownLatch both = new CountDownLatch(2);
        List<Long> seen = new CopyOnWriteArrayList<>();
        cs.subscribe(change -> {
            seen.add(change.position());
            both.countDown();
        });
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<WriteResult> slow = writer.submit(() -> cs.ledger().grant("slow", EMAIL, WEB));
            assertThat(slowCommitted.await(5, TimeUnit.SECONDS)).isTrue();

            WriteResult fast = cs.ledger().grant("fast", EMAIL, WEB);
            releaseSlow.countDown();
            WriteResult slowResult = slow.get(5, TimeUnit.SECONDS);

            assertThat(slowResult.position()).isLessThan(fast.position());
            assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly(slowResult.position(), fast.position());
        } finally {
            releaseSlow.countDown();
            writer.shutdownNow();
        }
    }

    @Test
    void listener_receivesChanges_inCommitOrder_withWritersRacing() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        int threads = 6;
        int perThread = 30;
        CountDownLatch all = new CountDownLatch(threads * perThread);
        List<Long> seen = new CopyOnWriteArrayList<>();
        cs.subscribe(change -> {
            seen.add(change.position());
            all.countDown();
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> written = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String subject = "writer-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        written.add(
                                i % 2 == 0
                                        ? cs.ledger().grant(subject, EMAIL, WEB).position()
                                        : cs.ledger()
                                                .withdraw(subject, EMAIL, WEB)
                                                .position());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen)
                .hasSize(threads * perThread)
                .isSorted()
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void throwingListener_harmsNeitherTheWriterNorOtherListeners() throws Exception {
        ConsentSystem cs = systemWithPurposes();
        int writes = 20;
        CountDownLatch throwerCalled = new CountDownLatch(writes);
        CountDownLatch healthyTold = new CountDownLatch(writes);
        List<Long> healthySeen = new CopyOnWriteArrayList<>();
        cs.subscribe(change -> {
            throwerCalled.countDown();
            throw new IllegalStateException("listener bug");
        });
        cs.subscribe(change -> {
            healthySeen.add(change.position());
            healthyTold.countDown();
        });
        cs.subscribe(change -> {
            throw new AssertionError("listener assertion");
        });
        List<Long> written = new ArrayList<>();

        for (int i = 0; i < writes; i++) {
            written.add(cs.ledger().grant("user-" + i, EMAIL, WEB).position());
        }

        assertThat(healthyTold.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(healthySeen).containsExactlyElementsOf(written);
        assertThat(throwerCalled.await(5, TimeUnit.SECONDS))
                .as("the thrower is still told of every change")
                .isTrue();
    }

    @Test
    void closedSubscription_receivesNoFurtherChanges() throws Exception {
        ExecutorService oneThread = Executors.newSingleThreadExecutor();
        try {
            ConsentSystem cs = system(b -> b.listenerExecutor(oneThread));
            Fixtures.defineStandard(cs.purposes());
            AtomicInteger closedOnesCount = new AtomicInteger();
            CountDownLatch firstToClosed = new CountDownLatch(1);
            CountDownLatch allToOther = new CountDownLatch(3);
            Subscription closing = cs.subscribe(change -> {
                closedOnesCount.incrementAndGet();
                firstToClosed.countDown();
            });
            cs.subscribe(change -> allToOther.countDown());

            cs.ledger().grant("user-1", EMAIL, WEB);
            assertThat(firstToClosed.await(5, TimeUnit.SECONDS)).isTrue();
            closing.close();
            closing.close();
            cs.ledger().grant("user-2", EMAIL, WEB);
            cs.ledger().grant("user-3", EMAIL, WEB);

            assertThat(allToOther.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(closedOnesCount.get()).isEqualTo(1);
        } finally {
            oneThread.shutdownNow();
        }
    }
}
