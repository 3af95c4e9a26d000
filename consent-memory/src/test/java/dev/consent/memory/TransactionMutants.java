package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.TransactionContract;
import dev.consent.testkit.behaviour.TxHandle;

/**
 * {@link TransactionContract} on the memory store's transactional wrapper, as a top-level class for the mutation
 * profile only (in this package, as the wrapper is package-private; the ordinary test run leaves the contract to
 * {@link InMemoryStoreKitTest}).
 */
class TransactionMutants extends TransactionContract {
    @Override
    protected ConsentStore newStore() {
        return new TransactionalMemoryStore();
    }

    @Override
    protected TxHandle beginTransaction(ConsentStore store) {
        return ((TransactionalMemoryStore) store).begin();
    }
}
