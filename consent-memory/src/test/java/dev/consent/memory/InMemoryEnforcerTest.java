package dev.consent.memory;

import dev.consent.testkit.behaviour.EnforcerContract;
import dev.consent.spi.ConsentStore;

class InMemoryEnforcerTest extends EnforcerContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
