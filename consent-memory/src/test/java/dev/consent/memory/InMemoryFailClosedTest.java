package dev.consent.memory;

import dev.consent.testkit.behaviour.FailClosedContract;
import dev.consent.spi.ConsentStore;

class InMemoryFailClosedTest extends FailClosedContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
