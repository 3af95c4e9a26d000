package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.model.DecisionModelContract;

/**
 * The model-based property test of the decision rules on H2 in memory: fewer histories than on the in-memory
 * store, since each answer of the live check, the bulk check and {@code checkAt} is a query.
 */
class H2DecisionModelTest extends DecisionModelContract {
    @Override
    protected ConsentStore newStore() {
        return TestDatabase.h2Memory().newStore();
    }

    @Override
    protected int histories() {
        return 20;
    }
}
