package dev.consent.memory;

import dev.consent.testkit.behaviour.ErasureContract;
import dev.consent.spi.ConsentStore;

class InMemoryErasureTest extends ErasureContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
