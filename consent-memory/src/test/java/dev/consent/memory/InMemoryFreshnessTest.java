package dev.consent.memory;

import dev.consent.testkit.behaviour.FreshnessContract;
import dev.consent.spi.ConsentStore;

class InMemoryFreshnessTest extends FreshnessContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
