package dev.consent.memory;

import dev.consent.testkit.behaviour.BadInputContract;
import dev.consent.spi.ConsentStore;

class InMemoryBadInputTest extends BadInputContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
