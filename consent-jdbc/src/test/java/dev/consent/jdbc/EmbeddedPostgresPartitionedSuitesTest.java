package dev.consent.jdbc;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.DisabledIf;

/**
 * The test kit on the embedded PostgreSQL with the per-subject tables hash-partitioned by subject, and the
 * proof that they are.
 */
@DisabledIf(
        value = "dev.consent.jdbc.TestDatabase#embeddedReplacedByServer",
        disabledReason = "a PostgreSQL server is named and runs these suites; -D" + TestDatabase.EMBEDDED_POSTGRES
                + "=always runs them here too")
class EmbeddedPostgresPartitionedSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.embeddedPostgresPartitioned();
    }

    @Nested
    @DisplayName("the partitioned layout")
    class PartitioningTopic extends PartitioningContract {
        @Override
        TestDatabase database() {
            return EmbeddedPostgresPartitionedSuitesTest.this.database();
        }
    }
}
