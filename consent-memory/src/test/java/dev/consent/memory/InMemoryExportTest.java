package dev.consent.memory;

import dev.consent.testkit.behaviour.ExportContract;
import dev.consent.spi.ConsentStore;

class InMemoryExportTest extends ExportContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
