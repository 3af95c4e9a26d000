package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ConsentChange;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.TransactionalLedger;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Retries in a caller's transaction ({@code ConsentLedger.inTransaction}): an interaction recorded before, or
 * earlier in the same transaction, is answered with the records stored the first time and tells no listener
 * again, also after the subject was erased.
 *
 * <p>A store module runs this suite by implementing {@link #newStore()} and {@link #beginTransaction}, with
 * what {@link TransactionContract} expects of them.
 */
public abstract class TransactionReplayContract extends BehaviourContract {
    private static final String ALICE = "alice";

    private final OpenTransactions open = new OpenTransactions();

    /**
     * Opens a transaction over {@code store} (the suite's store, as {@link #newStore()} returned it), as an
     * application opens its own. Called on the test's thread, which later ends it.
     */
    protected abstract TxHandle beginTransaction(ConsentStore store);

    @AfterEach
    final void rollBackWhatATestLeftOpen() {
        open.rollBackAll();
    }

    @Test
    void aDuplicateInteraction_isAnsweredWithTheRecordsStoredTheFirstTime() {
        Deliveries deliveries = new Deliveries();
        ConsentSystem cs = system(b -> b.listenerExecutor(deliveries));
        Fixtures.defineStandard(cs.purposes());
        Interaction signup = Interaction.builder(ALICE)
                .interactionId("form-1")
                .context(WEB)
                .grant(EMAIL)
                .deny(SMS)
                .build();
        Interaction settings = Interaction.builder(ALICE)
                .interactionId("form-2")
                .context(WEB)
                .withdraw(EMAIL)
                .build();
        WriteResult first = cs.ledger().record(signup);
        deliveries.runAll();
        List<ConsentChange> told = new ArrayList<>();
        cs.subscribe(told::add);

        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        WriteResult signupAgain = inTx.record(signup);
        WriteResult second = inTx.record(settings);
        WriteResult settingsAgain = inTx.record(settings);
        commit(tx);

        assertThat(signupAgain.replayed()).isTrue();
        assertThat(signupAgain.records()).containsExactlyElementsOf(first.records());
        assertThat(signupAgain.position()).isEqualTo(first.position());
        assertThat(second.replayed()).isFalse();
        assertThat(settingsAgain.replayed())
                .as("a retry of a write earlier in the same transaction")
                .isTrue();
        assertThat(settingsAgain.records()).containsExactlyElementsOf(second.records());
        List<ConsentRecord> all = new ArrayList<>(first.records());
        all.addAll(second.records());
        assertThat(cs.ledger().history(ALICE)).containsExactlyElementsOf(all);
        deliveries.runAll();
        assertThat(told).extracting(ConsentChange::interactionId).containsExactly("form-2");
    }

    @Test
    void aRetryOfARecordedInteraction_replays_evenAfterTheSubjectWasErased() {
        ConsentSystem cs = systemWithPurposes();
        Interaction signup = Interaction.builder(ALICE)
                .interactionId("form-1")
                .context(WEB)
                .grant(EMAIL)
                .build();
        WriteResult first = cs.ledger().record(signup);
        cs.ledger().erase(ALICE, WEB);

        TxHandle tx = begin();
        TransactionalLedger inTx = cs.ledger().inTransaction(tx.transaction());
        WriteResult again = inTx.record(signup);
        assertThatThrownBy(() -> inTx.grant(ALICE, SMS, WEB))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("erased");
        commit(tx);

        assertThat(again.replayed()).isTrue();
        assertThat(again.records()).containsExactlyElementsOf(first.records());
        assertThat(cs.ledger().history(ALICE))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.GRANTED, Action.SUBJECT_ERASED);
    }

    private TxHandle begin() {
        return open.opened(beginTransaction(store));
    }

    private void commit(TxHandle tx) {
        open.commit(tx);
    }
}
