package dev.consent.memory.mutation;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.BadInputContract;

/** {@link BadInputContract} on the memory store, as a top-level class for the mutation profile only. */
class BadInputMutants extends BadInputContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
