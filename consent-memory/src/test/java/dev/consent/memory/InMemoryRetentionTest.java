package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.retention.RetentionContract;

/** Retention over the in-memory store. */
class InMemoryRetentionTest extends RetentionContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
