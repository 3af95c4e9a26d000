package dev.consent.memory;

import dev.consent.testkit.behaviour.ReadYourWritesContract;
import dev.consent.spi.ConsentStore;

class InMemoryReadYourWritesTest extends ReadYourWritesContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
