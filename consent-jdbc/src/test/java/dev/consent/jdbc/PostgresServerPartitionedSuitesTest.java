package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The test kit on a running PostgreSQL server named by {@value TestDatabase#POSTGRES_URL}, with the
 * per-subject tables hash-partitioned by subject, and the proof that they are.
 */
@EnabledIfSystemProperty(
        named = TestDatabase.POSTGRES_URL,
        matches = ".+",
        disabledReason = "no PostgreSQL server named: set -D" + TestDatabase.POSTGRES_URL
                + "=jdbc:postgresql://host/db?user=...")
class PostgresServerPartitionedSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.postgresPartitioned();
    }

    @Nested
    @DisplayName("the partitioned layout")
    class PartitioningTopic extends PartitioningContract {
        @Override
        TestDatabase database() {
            return PostgresServerPartitionedSuitesTest.this.database();
        }
    }
}
