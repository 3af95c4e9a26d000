package dev.consent.memory;

import dev.consent.testkit.behaviour.BulkCheckContract;
import dev.consent.spi.ConsentStore;

class InMemoryBulkCheckTest extends BulkCheckContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
