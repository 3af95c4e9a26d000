package dev.consent.memory.mutation;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.ChangesOverTimeContract;

/** {@link ChangesOverTimeContract} on the memory store, as a top-level class for the mutation profile only. */
class ChangesOverTimeMutants extends ChangesOverTimeContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
