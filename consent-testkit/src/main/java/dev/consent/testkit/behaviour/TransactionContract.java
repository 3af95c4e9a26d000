package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.UNDEFINED;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.TransactionalLedger;
import dev.consent.UnknownPurposeException;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoreTransaction;
import dev.consent.spi.SubjectAppend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes inside a caller's transaction ({@code ConsentLedger.inTransaction}): they commit or roll back
 * with it, and checks and listeners see them only after the commit. Retries of recorded interactions in a
 * transaction are {@link TransactionReplayContract}'s topic.
 *
 * <p>A store module runs this suite by implementing {@link #newStore()} and {@link #beginTransaction}.
 * The suite expects what a database gives: reads outside a transaction never wait for it and see only
 * committed records; a transaction's appends may make other appends wait until it ends (the JDBC store's
 * ledger lock), so the suite never appends outside an open transaction on the thread holding it. The
 * conflict test lets another thread write between a transaction's head read and its append, so it
 * assumes the head read takes no lock that makes other writers wait.
 */
public abstract class TransactionContract extends BehaviourContract {
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    private final OpenTransactions open = new OpenTransactions();

    /**
     * Opens a transaction over {@code store} (the suite's store, as {@link #newStore()} returned it), as an
     * application opens its own. Called on the test's thread, which later ends it.
     */
    protected abstract TxHandle beginTransaction(ConsentStore store);

    /** Rounds of the race between checks and commits; a slow store may lower it. */
    protected int raceIterations() {
        return 100;
    }

    @AfterEach
    final void rollBackWhatATestLeftOpen() {
        open.rollBackAll();
    }

    @Test
    void aWriteInATransaction_reachesChecksAndListeners_onlyAfterTheCommit() {
        Deliveries deliveries = new Deliveries();
        ConsentSystem cs = system(b -> b.listenerExecutor(deliveries));
        Fixtures.defineStandard(cs.purposes());
        List<ConsentChange> told = new ArrayList<>();
        cs.subscribe(told::add);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT); // now cached

        TxHandle tx = begin();
        WriteResult granted = cs.ledger().inTransaction(tx.transaction()).grant(ALICE, EMAIL, WEB);

        assertThat(granted.replayed()).isFalse();
        assertThat(granted.records()).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.GRANTED);
            assertThat(r.subjectSequence()).isEqualTo(1);
            assertThat(r.position()).isEqualTo(granted.position()).isPositive();
        });
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason())
                .as("cached, before the commit")
                .isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(cs.enforcer().check(ALICE, EMAIL, Consistency.full()).reason())
                .as("from the store, before the commit")
                .isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(cs.ledger().history(ALICE)).isEmpty();
        deliveries.runAll();
        assertThat(told).isEmpty();

        commit(tx);

        assertThat(deliveries.pending())
                .as("the commit queued the delivery on the listener executor")
                .isEqualTo(1);
        assertThat(told).as("no listener ran on the committing thread").isEmpty();
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check(ALICE, EMAIL).recordId())
                .isEqualTo(granted.records().get(0).id());
        assertThat(cs.ledger().history(ALICE)).containsExactlyElementsOf(granted.records());
        deliveries.runAll();
        assertThat(told).singleElement().satisfies(change -> {
            assertThat(change.subject()).isEqualTo(ALICE);
            assertThat(change.interactionId()).isEqualTo(granted.interactionId());
            assertThat(change.records()).containsExactlyElementsOf(granted.records());
            assertThat(change.position()).isEqualTo(granted.position());
        });
    }

    @Test
    void aCheckOnTheWritingThread_betweenTheWriteAndTheCommit_seesTheCommittedState() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant(ALICE, EMAIL, WEB);

        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        WriteResult withdrawn = inTx.withdraw(ALICE, EMAIL, WEB);
        inTx.grant(BOB, SMS, WEB);

        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        cs.invalidate(ALICE);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason())
                .as("loaded again, still the committed state")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer()
                        .check(ALICE, EMAIL, Consistency.atLeast(withdrawn.position()))
                        .reason())
                .as("the position of an uncommitted write is not reachable")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check(BOB, SMS).reason()).isEqualTo(DecisionReason.NO_CONSENT);

        commit(tx);

        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(cs.enforcer().check(BOB, SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer()
                        .check(ALICE, EMAIL, Consistency.atLeast(withdrawn.position()))
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void rollback_leavesNoRecord_noListenerCall_andTheCacheAsItWas() {
        CountingStore counting = new CountingStore(store);
        Deliveries deliveries = new Deliveries();
        ConsentSystem cs = systemOver(counting, b -> b.listenerExecutor(deliveries));
        Fixtures.defineStandard(cs.purposes());
        WriteResult granted = cs.ledger().grant(ALICE, EMAIL, WEB);
        long head = cs.ledger().headPosition();
        dev.consent.merkle.Frontier tree = store.tree().frontier();
        assertThat(cs.enforcer().check(ALICE, EMAIL).allowed()).isTrue(); // now cached
        deliveries.runAll();
        List<ConsentChange> told = new ArrayList<>();
        cs.subscribe(told::add);
        counting.reset();

        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        inTx.withdraw(ALICE, EMAIL, WEB);
        inTx.grant(BOB, SMS, WEB);
        rollback(tx);

        assertThat(cs.ledger().history(ALICE)).containsExactlyElementsOf(granted.records());
        assertThat(cs.ledger().history(BOB)).isEmpty();
        assertThat(cs.ledger().headPosition()).isEqualTo(head);
        assertThat(store.tree().frontier())
                .as("the Merkle tree, as before the transaction")
                .isEqualTo(tree);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(counting.loadCurrentStateCalls())
                .as("the cached snapshot was kept")
                .isZero();
        assertThat(deliveries.pending()).isZero();
        assertThat(told).isEmpty();

        TxHandle next = begin();
        WriteResult withdrawn = cs.ledger().inTransaction(next.transaction()).withdraw(ALICE, EMAIL, WEB);
        commit(next);

        assertThat(withdrawn.records().get(0).subjectSequence()).isEqualTo(2);
        assertThat(withdrawn.records().get(0).previousHash())
                .isEqualTo(granted.records().get(0).hash());
        assertThat(withdrawn.position())
                .as("the rolled-back appends used up no position")
                .isEqualTo(head + 1);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void writesInOneTransaction_buildOnEachOther() {
        Deliveries deliveries = new Deliveries();
        ConsentSystem cs = system(b -> b.listenerExecutor(deliveries));
        Fixtures.defineStandard(cs.purposes());
        List<Long> told = new ArrayList<>();
        cs.subscribe(change -> told.add(change.position()));

        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        WriteResult first = inTx.grant(ALICE, EMAIL, WEB);
        clock.advance(Duration.ofMinutes(1));
        WriteResult second = inTx.withdraw(ALICE, EMAIL, WEB);
        WriteResult third = inTx.record(Interaction.builder(ALICE)
                .interactionId("form-3")
                .context(WEB)
                .grant(SMS)
                .object(ANALYTICS)
                .build());

        ConsentRecord granted = first.records().get(0);
        ConsentRecord withdrawal = second.records().get(0);
        assertThat(withdrawal.subjectSequence()).isEqualTo(2);
        assertThat(withdrawal.previousHash()).isEqualTo(granted.hash());
        assertThat(third.records()).extracting(ConsentRecord::subjectSequence).containsExactly(3L, 4L);
        assertThat(third.records().get(0).previousHash()).isEqualTo(withdrawal.hash());
        assertThat(List.of(first.position(), second.position(), third.position()))
                .isSorted()
                .doesNotHaveDuplicates();

        commit(tx);

        List<ConsentRecord> all = new ArrayList<>(first.records());
        all.addAll(second.records());
        all.addAll(third.records());
        assertThat(cs.ledger().history(ALICE)).containsExactlyElementsOf(all);
        assertThat(cs.ledger().verify(ALICE).ok()).isTrue();
        dev.consent.merkle.Frontier fromFeed = dev.consent.merkle.Frontier.EMPTY;
        for (ConsentRecord r : store.readFeed(0, 1_000)) {
            fromFeed = fromFeed.append(dev.consent.merkle.TreeHashes.leaf(r.hash()), null);
        }
        assertThat(store.tree().frontier())
                .as("the Merkle tree grown in the transaction")
                .isEqualTo(fromFeed);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(cs.enforcer().check(ALICE, SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check(ALICE, ANALYTICS).reason()).isEqualTo(DecisionReason.OBJECTED);
        deliveries.runAll();
        assertThat(told).containsExactly(first.position(), second.position(), third.position());
    }

    @Test
    void aLoadInFlightAcrossTheCommit_cannotPutThePreCommitStateBack() throws Exception {
        GatedLoads gated = new GatedLoads(store, ALICE);
        ConsentSystem cs = systemOver(gated, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant(ALICE, EMAIL, WEB);
        TxHandle tx = begin();
        cs.ledger().inTransaction(tx.transaction()).withdraw(ALICE, EMAIL, WEB);

        gated.raceALoadWith(() -> cs.enforcer().check(ALICE, EMAIL), () -> commit(tx));

        for (int i = 0; i < 100; i++) {
            assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        }
    }

    @Test
    void afterTheCommit_noCheckAllows_withReadersAndInvalidationsRacing() throws Exception {
        ConsentSystem cs = systemWithPurposes();

        WithdrawalRace outcome = WithdrawalRace.run(cs, raceIterations(), subject -> {
            TxHandle tx = begin();
            cs.ledger().inTransaction(tx.transaction()).withdraw(subject, EMAIL, WEB);
            commit(tx);
        });

        assertThat(outcome.rounds).isEqualTo(raceIterations());
        assertThat(outcome.checksAfterWithdrawal)
                .isEqualTo((long) raceIterations() * WithdrawalRace.READERS * WithdrawalRace.CHECKS_AFTER_WITHDRAWAL);
        assertThat(outcome.allowsAfterWithdrawal)
                .as("allows seen after the commit returned")
                .isZero();
    }

    @Test
    void aConflict_isThrownAsConcurrentUpdateException_withoutRetry_forTheCallerToRetryItsTransaction()
            throws Exception {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant(ALICE, EMAIL, WEB);
        TxHandle tx = begin();
        AtomicInteger appendCalls = new AtomicInteger();
        StoreTransaction writtenMeanwhile = new ForwardingTransaction(tx.transaction()) {
            @Override
            public List<ConsentRecord> append(List<SubjectAppend> appends) {
                if (appendCalls.getAndIncrement() == 0) {
                    ForwardingTransaction.onAnotherThread(() -> cs.ledger().withdraw(ALICE, EMAIL, WEB));
                }
                return super.append(appends);
            }
        };

        assertThatThrownBy(() -> cs.ledger().inTransaction(writtenMeanwhile).deny(ALICE, EMAIL, WEB))
                .isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
                    assertThat(e.subject()).isEqualTo(ALICE);
                    assertThat(e.expectedSequence()).isEqualTo(1);
                });
        assertThat(appendCalls).as("no retry inside the caller's transaction").hasValue(1);
        rollback(tx);

        assertThat(cs.ledger().history(ALICE))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.GRANTED, Action.WITHDRAWN);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);

        TxHandle retry = begin();
        WriteResult denied = cs.ledger().inTransaction(retry.transaction()).deny(ALICE, EMAIL, WEB);
        commit(retry);

        assertThat(denied.records().get(0).subjectSequence()).isEqualTo(3);
        assertThat(cs.enforcer().check(ALICE, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_DENIED);
    }

    @Test
    void badInput_isRejectedBeforeAnythingIsAppended_andTheTransactionStaysUsable() {
        ConsentSystem cs = systemWithPurposes();

        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        assertThatThrownBy(() -> inTx.grant(ALICE, UNDEFINED, WEB)).isInstanceOf(UnknownPurposeException.class);
        assertThatThrownBy(() -> inTx.object(ALICE, EMAIL, WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("LEGITIMATE_INTEREST");
        WriteResult granted = inTx.grant(ALICE, EMAIL, WEB);
        commit(tx);

        assertThat(granted.records().get(0).subjectSequence()).isEqualTo(1);
        assertThat(cs.ledger().history(ALICE)).containsExactlyElementsOf(granted.records());
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void aTransactionalLedger_refusesWritesOnceItsTransactionCommitted() {
        ConsentSystem cs = systemWithPurposes();
        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        inTx.grant(ALICE, EMAIL, WEB);
        commit(tx);

        assertThatThrownBy(() -> inTx.grant(BOB, EMAIL, WEB)).isInstanceOf(IllegalStateException.class);
        assertThat(cs.ledger().history(BOB)).isEmpty();
    }

    @Test
    void purposesVersionsAndGroupsDefinedThroughAnotherSystem_canBeRecordedInATransaction_eachAtOnce() {
        ConsentSystem elsewhere = system();
        Fixtures.defineStandard(elsewhere.purposes());
        ConsentSystem cs = system();
        List<Interaction> writes = List.of(
                Interaction.builder(ALICE).context(WEB).grant("loyalty.points").build(),
                Interaction.builder(ALICE).context(WEB).grant(EMAIL, 2).build(),
                Interaction.builder(BOB).context(WEB).grantGroup("club").build());
        List<Runnable> definitions = List.of(
                () -> elsewhere.purposes().define(Fixtures.simple("loyalty.points", LegalBasis.CONSENT)),
                () -> elsewhere
                        .purposes()
                        .define(Fixtures.email().toBuilder().version(2).build()),
                () -> elsewhere
                        .purposes()
                        .define(Fixtures.simple("club.news", LegalBasis.CONSENT).toBuilder()
                                .group("club")
                                .build()));

        for (int i = 0; i < writes.size(); i++) {
            definitions.get(i).run();
            TxHandle tx = begin();
            cs.ledger().inTransaction(tx.transaction()).record(writes.get(i));
            commit(tx);
        }

        assertThat(cs.enforcer().check(ALICE, "loyalty.points").reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check(ALICE, EMAIL).purposeVersion()).isEqualTo(2);
        assertThat(cs.enforcer().check(BOB, "club.news").reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    private TxHandle begin() {
        return open.opened(beginTransaction(store));
    }

    private void commit(TxHandle tx) {
        open.commit(tx);
    }

    private void rollback(TxHandle tx) {
        open.rollback(tx);
    }
}
