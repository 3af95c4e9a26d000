package dev.consent.memory;

import dev.consent.testkit.behaviour.ReceiptsContract;
import dev.consent.spi.ConsentStore;

class InMemoryReceiptsTest extends ReceiptsContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
