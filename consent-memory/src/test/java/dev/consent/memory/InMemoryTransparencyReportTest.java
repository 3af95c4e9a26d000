package dev.consent.memory;

import dev.consent.testkit.behaviour.TransparencyReportContract;
import dev.consent.spi.ConsentStore;

class InMemoryTransparencyReportTest extends TransparencyReportContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
