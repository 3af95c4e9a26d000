package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;

/**
 * The shared suites on the embedded PostgreSQL with the per-subject tables hash-partitioned by subject, and the
 * proof that they are.
 */
class EmbeddedPostgresPartitionedSuitesTest extends JdbcSuites {
    @Override
    TestDatabase database() {
        return TestDatabase.embeddedPostgresPartitioned();
    }

    @Nested
    class Partitioning extends PartitioningTest {
        @Override
        TestDatabase database() {
            return EmbeddedPostgresPartitionedSuitesTest.this.database();
        }
    }
}
