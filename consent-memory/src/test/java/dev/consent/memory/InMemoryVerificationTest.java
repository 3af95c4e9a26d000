package dev.consent.memory;

import dev.consent.testkit.behaviour.VerificationContract;
import dev.consent.spi.ConsentStore;

class InMemoryVerificationTest extends VerificationContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
