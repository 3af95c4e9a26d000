package dev.consent.memory;

import dev.consent.testkit.behaviour.ListenerContract;
import dev.consent.spi.ConsentStore;

class InMemoryListenerTest extends ListenerContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
