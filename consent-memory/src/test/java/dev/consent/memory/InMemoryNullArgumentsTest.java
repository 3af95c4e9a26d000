package dev.consent.memory;

import dev.consent.testkit.behaviour.NullArgumentsContract;
import dev.consent.spi.ConsentStore;

class InMemoryNullArgumentsTest extends NullArgumentsContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
