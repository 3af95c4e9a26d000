package dev.consent.jdbc;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The test kit on a running PostgreSQL server named by {@value TestDatabase#POSTGRES_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.POSTGRES_URL,
        matches = ".+",
        disabledReason = "no PostgreSQL server named: set -D" + TestDatabase.POSTGRES_URL
                + "=jdbc:postgresql://host/db?user=...")
class PostgresServerSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
