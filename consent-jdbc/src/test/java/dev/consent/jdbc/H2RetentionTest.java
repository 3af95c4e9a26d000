package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.retention.RetentionContract;

/** Retention over H2 in memory. */
class H2RetentionTest extends RetentionContract {
    @Override
    protected ConsentStore newStore() {
        return TestDatabase.h2Memory().newStore();
    }
}
