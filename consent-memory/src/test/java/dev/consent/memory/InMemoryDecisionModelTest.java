package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.model.DecisionModelContract;

/** The model-based property test of the decision rules on the in-memory store. */
class InMemoryDecisionModelTest extends DecisionModelContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }
}
