package dev.consent.memory;

import dev.consent.testkit.behaviour.LedgerContract;
import dev.consent.spi.ConsentStore;

class InMemoryLedgerTest extends LedgerContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
