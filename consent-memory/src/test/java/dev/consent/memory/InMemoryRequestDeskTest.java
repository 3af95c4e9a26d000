package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.RequestStore;
import dev.consent.testkit.requests.RequestDeskContract;

/** The desk of data-subject requests over the in-memory stores. */
class InMemoryRequestDeskTest extends RequestDeskContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }

    @Override
    protected RequestStore requestStore(ConsentStore store) {
        return RequestStore.inMemory();
    }
}
