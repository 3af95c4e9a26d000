package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.RequestStore;
import dev.consent.testkit.requests.RequestRunnerContract;

/** Carrying requests out over the in-memory ledger and the in-memory request store. */
class InMemoryRequestRunnerTest extends RequestRunnerContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }

    @Override
    protected RequestStore requestStore(ConsentStore store) {
        return RequestStore.inMemory();
    }
}
