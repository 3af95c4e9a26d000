package dev.consent.memory;

import dev.consent.testkit.behaviour.LinkingContract;
import dev.consent.spi.ConsentStore;

class InMemoryLinkingTest extends LinkingContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
