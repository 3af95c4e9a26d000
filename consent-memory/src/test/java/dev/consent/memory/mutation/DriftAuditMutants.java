package dev.consent.memory.mutation;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.DriftAuditContract;

/** {@link DriftAuditContract} on the memory store, as a top-level class for the mutation profile only. */
class DriftAuditMutants extends DriftAuditContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
