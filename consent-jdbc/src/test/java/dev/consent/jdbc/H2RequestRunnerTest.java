package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.spi.RequestStore;
import dev.consent.testkit.requests.RequestRunnerContract;

/**
 * Carrying requests out over the JDBC ledger on H2 in memory. The request store is in memory until
 * {@code JdbcConsentStore.requestStore()} is merged (branch jdbc).
 */
class H2RequestRunnerTest extends RequestRunnerContract {
    @Override
    protected ConsentStore newStore() {
        return TestDatabase.h2Memory().newStore();
    }

    @Override
    protected RequestStore requestStore(ConsentStore store) {
        return RequestStore.inMemory();
    }
}
