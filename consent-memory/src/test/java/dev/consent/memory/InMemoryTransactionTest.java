package dev.consent.memory;

import dev.consent.testkit.behaviour.TransactionContract;
import dev.consent.testkit.behaviour.TxHandle;
import dev.consent.spi.ConsentStore;

/** Writes in a caller's transaction, over a test-only transaction of the in-memory store. */
class InMemoryTransactionTest extends TransactionContract {
    @Override
    protected ConsentStore newStore() {
        return new TransactionalMemoryStore();
    }

    @Override
    protected TxHandle beginTransaction(ConsentStore store) {
        return ((TransactionalMemoryStore) store).begin();
    }
}
