package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.store.ConsentStoreContract;

/** The in-memory store passes the storage SPI contract. */
class InMemoryConsentStoreContractTest extends ConsentStoreContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
