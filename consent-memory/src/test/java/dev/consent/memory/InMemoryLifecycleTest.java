package dev.consent.memory;

import dev.consent.testkit.behaviour.LifecycleContract;
import dev.consent.spi.ConsentStore;

class InMemoryLifecycleTest extends LifecycleContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
