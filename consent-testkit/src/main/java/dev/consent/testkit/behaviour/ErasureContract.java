package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.DPO;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.ReappliedErasures;
import dev.consent.StoreUnavailableException;
import dev.consent.Tombstone;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Erasure that keeps the proof: the ledger verifies afterwards, every check for the subject denies, erasing
 * is idempotent and safe to retry, and a restore from a backup taken before an erasure is erased again by
 * {@code reapplyErasures}. The list of tombstones itself is {@link TombstonesContract}'s topic.
 */
public abstract class ErasureContract extends BehaviourContract {
    /**
     * A backup of {@code store} as it is now. By default read through the SPI ({@link Backup}); a store that
     * can copy its storage directly (tables, files) overrides this and {@link #restore(Object)}.
     */
    protected Object backup(ConsentStore store) {
        return Backup.of(store);
    }

    /** A new store holding what {@code backup} held. */
    protected ConsentStore restore(Object backup) {
        ConsentStore restored = anotherStore();
        ((Backup) backup).restoreInto(restored);
        return restored;
    }

    /** Whether {@link #restore(Object)} can restore a subject erased before the backup (the SPI copy cannot). */
    protected boolean restoresErasedSubjects() {
        return false;
    }

    @Test
    void erase_everyReadAndCheckDenies_andTheWholeLedgerVerifies() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(Fixtures.detailed())
                        .grant(EMAIL)
                        .grant(SMS)
                        .build());
        cs.ledger().object("user-1", ANALYTICS, Fixtures.detailed());
        cs.ledger().grant("user-2", EMAIL, Fixtures.detailed());
        clock.advance(Duration.ofHours(1));

        cs.ledger().erase("user-1", DPO);

        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
        assertThat(cs.ledger().verify("user-2").ok()).isTrue();
        ConsentSystem fresh = system();
        for (ConsentSystem s : List.of(cs, fresh)) {
            for (String purpose : List.of(EMAIL, SMS, ANALYTICS)) {
                assertThat(s.enforcer().check("user-1", purpose).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
                assertThat(s.enforcer()
                                .check("user-1", purpose, Consistency.full())
                                .allowed())
                        .isFalse();
                assertThat(s.enforcer().filterAllowed(List.of("user-1", "user-2"), purpose))
                        .doesNotContain("user-1");
                assertThat(s.ledger()
                                .currentState("user-1")
                                .find(purpose)
                                .orElseThrow()
                                .decision()
                                .allowed())
                        .isFalse();
                assertThat(s.ledger()
                                .stateAt("user-1", clock.instant())
                                .find(purpose)
                                .orElseThrow()
                                .decision()
                                .reason())
                        .isEqualTo(DecisionReason.SUBJECT_ERASED);
            }
            assertThat(s.enforcer().check("user-1", BILLING).allowed())
                    .as("contract is not consent")
                    .isTrue();
            assertThat(s.enforcer().check("user-2", EMAIL).allowed())
                    .as("others keep theirs")
                    .isTrue();
            assertThat(s.ledger().evidence("user-1")).isEmpty();
        }
        assertThat(store.readEvidence("user-1")).isEmpty();
        assertThat(store.readEvidence("user-2")).hasSize(1);
    }

    @Test
    void erase_retriedAfterTheEvidenceDeletionFailed_finishesTheJob_withOneErasureRecord() {
        AtomicBoolean failDeletion = new AtomicBoolean(true);
        ConsentStore flaky = new ForwardingStore(store) {
            @Override
            public void eraseEvidence(String subject) {
                if (failDeletion.getAndSet(false)) {
                    throw new StoreUnavailableException("evidence deletion failed (test)", null);
                }
                super.eraseEvidence(subject);
            }
        };
        ConsentSystem cs = systemOver(flaky, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-1", EMAIL, Fixtures.detailed());

        assertThatThrownBy(() -> cs.ledger().erase("user-1", DPO)).isInstanceOf(StoreUnavailableException.class);
        assertThat(cs.enforcer().check("user-1", EMAIL).reason())
                .as("the erasure record was written")
                .isEqualTo(DecisionReason.SUBJECT_ERASED);

        WriteResult retry = cs.ledger().erase("user-1", DPO);

        assertThat(retry.replayed()).isTrue();
        assertThat(store.readEvidence("user-1")).isEmpty();
        assertThat(cs.ledger().history("user-1"))
                .filteredOn(r -> r.action() == Action.SUBJECT_ERASED)
                .hasSize(1);
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void erase_fromManyThreadsAtOnce_writesOneErasureRecord() throws Exception {
        ConsentSystem first = systemWithPurposes();
        ConsentSystem second = system();
        first.ledger().grant("user-1", EMAIL, Fixtures.detailed());
        int threads = 8;
        List<WriteResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ConsentSystem via = i % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    go.await();
                    results.add(via.ledger().erase("user-1", DPO));
                    return null;
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<?> f : futures) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results).hasSize(threads);
        assertThat(results).filteredOn(r -> !r.replayed()).hasSize(1);
        assertThat(results)
                .extracting(r -> r.records().get(0).id())
                .containsOnly(results.get(0).records().get(0).id());
        assertThat(first.ledger().history("user-1"))
                .filteredOn(r -> r.action() == Action.SUBJECT_ERASED)
                .hasSize(1);
        assertThat(store.readEvidence("user-1")).isEmpty();
        assertThat(first.ledger().verify().ok()).isTrue();
    }

    @Test
    void restoreFromABackupTakenBeforeAnErasure_thenReapplyErasures_erasesAgain_andVerifies() {
        ConsentSystem cs = systemWithPurposes();
        boolean earlier = restoresErasedSubjects();
        for (String s : List.of("erased-before", "erased-after", "kept")) {
            cs.ledger()
                    .record(Interaction.builder(s)
                            .context(Fixtures.detailed())
                            .grant(EMAIL)
                            .grant(SMS)
                            .build());
        }
        if (earlier) {
            clock.advance(Duration.ofMinutes(1));
            cs.ledger().erase("erased-before", DPO);
        }
        Object backup = backup(store);
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().erase("erased-after", DPO);
        String exported = Tombstone.toJson(cs.ledger().tombstones());

        ConsentStore restored = restore(backup);
        ConsentSystem after = systemOver(restored, b -> {});
        assertThat(after.enforcer().check("erased-after", EMAIL).allowed())
                .as("the restore brought it back")
                .isTrue();
        assertThat(restored.readEvidence("erased-after")).hasSize(2);
        clock.advance(Duration.ofMinutes(1));

        ReappliedErasures done = after.ledger().reapplyErasures(Tombstone.fromJson(exported), DPO);

        assertThat(done.erasedAgain()).containsExactly("erased-after");
        assertThat(done.alreadyErased()).containsExactlyElementsOf(earlier ? List.of("erased-before") : List.of());
        assertThat(done.evidenceDeleted()).containsExactly("erased-after");
        assertThat(done.toString()).doesNotContain("erased-after");
        assertThat(restored.readEvidence("erased-after")).isEmpty();
        assertThat(after.ledger().evidence("erased-after")).isEmpty();
        for (String purpose : List.of(EMAIL, SMS, ANALYTICS)) {
            assertThat(after.enforcer().check("erased-after", purpose).reason())
                    .isEqualTo(DecisionReason.SUBJECT_ERASED);
            assertThat(after.enforcer()
                            .check("erased-after", purpose, Consistency.full())
                            .reason())
                    .isEqualTo(DecisionReason.SUBJECT_ERASED);
        }
        assertThat(after.enforcer().check("kept", EMAIL).allowed()).isTrue();
        assertThat(restored.readEvidence("kept")).hasSize(2);
        assertThat(after.ledger().verify().ok()).isTrue();
        assertThat(after.ledger().verify("erased-after").ok()).isTrue();
        assertThat(after.ledger().tombstones())
                .extracting(Tombstone::subject)
                .containsExactlyElementsOf(
                        earlier ? List.of("erased-before", "erased-after") : List.of("erased-after"));

        long head = after.ledger().headPosition();
        ReappliedErasures again = after.ledger().reapplyErasures(Tombstone.fromJson(exported), DPO);
        assertThat(again.nothingToDo()).isTrue();
        assertThat(again.alreadyErased())
                .containsExactlyElementsOf(
                        earlier ? List.of("erased-before", "erased-after") : List.of("erased-after"));
        assertThat(after.ledger().headPosition())
                .as("idempotent: nothing written")
                .isEqualTo(head);
    }

    /**
     * Regression: re-applying erasures in the process that had erased the subject (and so held the erasure in
     * its cache) after the database under it was restored from an older backup took the cached head for the
     * truth, found the subject erased, and threw StoreUnavailableException ("holds none of its records") for
     * it, one subject per run.
     */
    @Test
    void reapplyErasures_inTheProcessThatCachedTheErasure_afterARestoreUnderIt_erasesAgain() {
        SwitchableStore switchable = new SwitchableStore(store);
        ConsentSystem cs = systemOver(switchable.store(), b -> {});
        Fixtures.defineStandard(cs.purposes());
        for (String s : List.of("first", "second")) {
            cs.ledger().grant(s, EMAIL, Fixtures.detailed());
        }
        Object backup = backup(store);
        clock.advance(Duration.ofMinutes(1));
        for (String s : List.of("first", "second")) {
            cs.ledger().erase(s, DPO);
            assertThat(cs.enforcer().check(s, EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
        }
        List<Tombstone> exported = cs.ledger().tombstones();
        ConsentStore restored = restore(backup);
        switchable.switchTo(restored);
        clock.advance(Duration.ofMinutes(1));

        ReappliedErasures done = cs.ledger().reapplyErasures(exported, DPO);

        assertThat(done.erasedAgain()).containsExactly("first", "second");
        for (String s : List.of("first", "second")) {
            assertThat(restored.readEvidence(s)).isEmpty();
            assertThat(cs.enforcer().check(s, EMAIL, Consistency.full()).reason())
                    .isEqualTo(DecisionReason.SUBJECT_ERASED);
        }
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void reapplyErasures_rejectsANullTombstone_andWritesNothing() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", EMAIL, WEB);
        long head = cs.ledger().headPosition();
        List<Tombstone> withNull = Arrays.asList(new Tombstone("user-1", clock.instant(), 1), null);

        assertThatThrownBy(() -> cs.ledger().reapplyErasures(withNull, DPO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tombstones[1]");
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(cs.enforcer().check("user-1", EMAIL).allowed()).isTrue();
    }

    @Test
    void whenTheStoreFails_tombstonesAndReapplyThrowStoreUnavailable_andTheReportToo() {
        FailingStore failing = new FailingStore(store);
        ConsentSystem cs = systemOver(failing, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-1", EMAIL, Fixtures.detailed());
        List<Tombstone> list = List.of(new Tombstone("user-1", clock.instant(), 1));
        failing.failEverything();

        assertThatThrownBy(() -> cs.ledger().tombstones()).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> cs.ledger().reapplyErasures(list, DPO)).isInstanceOf(StoreUnavailableException.class);
        assertThatThrownBy(() -> cs.reports()
                        .transparency(Fixtures.START, clock.instant().plusSeconds(1)))
                .isInstanceOf(StoreUnavailableException.class);
        failing.recover();
        assertThat(cs.ledger().reapplyErasures(list, DPO).erasedAgain()).containsExactly("user-1");
        assertThat(store.readEvidence("user-1")).isEmpty();
    }
}
