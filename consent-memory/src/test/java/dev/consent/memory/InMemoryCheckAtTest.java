package dev.consent.memory;

import dev.consent.behaviour.CheckAtContract;
import dev.consent.spi.ConsentStore;

class InMemoryCheckAtTest extends CheckAtContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
