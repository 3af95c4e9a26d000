package dev.consent.memory;

import dev.consent.testkit.behaviour.CanaryContract;
import dev.consent.spi.ConsentStore;

class InMemoryCanaryTest extends CanaryContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
