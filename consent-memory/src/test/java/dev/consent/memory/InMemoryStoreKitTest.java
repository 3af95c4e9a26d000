package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ConsentStoreKit;
import dev.consent.testkit.behaviour.TxHandle;

/**
 * The in-memory store passes the whole test kit. Two nodes share the one store object (the kit's default);
 * writes in a caller's transaction run over {@link TransactionalMemoryStore}, a test-only transaction.
 */
class InMemoryStoreKitTest extends ConsentStoreKit {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }

    @Override
    protected String storeName() {
        return "memory";
    }

    @Override
    protected ConsentStore newTransactionalStore() {
        return new TransactionalMemoryStore();
    }

    @Override
    protected TxHandle beginTransaction(ConsentStore store) {
        return ((TransactionalMemoryStore) store).begin();
    }
}
