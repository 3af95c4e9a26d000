package dev.consent.memory;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.model.DecisionModelContract;

/**
 * The model-based property test of the decision rules on the in-memory store: 2,000 histories a build (a few
 * seconds; each answer is read from memory), twice the kit's default.
 */
class InMemoryDecisionModelTest extends DecisionModelContract {
    @Override
    protected ConsentStore newStore() {
        return new InMemoryConsentStore();
    }

    @Override
    protected int histories() {
        return 2_000;
    }
}
