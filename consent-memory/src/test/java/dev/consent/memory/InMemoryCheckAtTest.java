package dev.consent.memory;

import dev.consent.testkit.behaviour.CheckAtContract;
import dev.consent.spi.ConsentStore;

class InMemoryCheckAtTest extends CheckAtContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
