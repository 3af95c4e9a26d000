package dev.consent.memory.mutation;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.FreshnessContract;

/** {@link FreshnessContract} on the memory store, as a top-level class for the mutation profile only. */
class FreshnessMutants extends FreshnessContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
