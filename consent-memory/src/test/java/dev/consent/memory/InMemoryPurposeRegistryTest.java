package dev.consent.memory;

import dev.consent.testkit.behaviour.PurposeRegistryContract;
import dev.consent.spi.ConsentStore;

class InMemoryPurposeRegistryTest extends PurposeRegistryContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
