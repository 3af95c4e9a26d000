package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.retention.RetentionContract;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Retention over the PostgreSQL server named by {@value TestDatabase#POSTGRES_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.POSTGRES_URL,
        matches = ".+",
        disabledReason = "no PostgreSQL server named: set -D" + TestDatabase.POSTGRES_URL
                + "=jdbc:postgresql://host/db?user=...")
class PostgresRetentionTest extends RetentionContract {
    @Override
    protected ConsentStore newStore() {
        return TestDatabase.postgres().newStore();
    }
}
