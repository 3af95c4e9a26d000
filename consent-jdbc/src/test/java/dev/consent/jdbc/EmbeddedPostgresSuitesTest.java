package dev.consent.jdbc;

import org.junit.jupiter.api.condition.DisabledIf;

/** The test kit on a PostgreSQL started by the test (its binaries come from Maven Central). */
@DisabledIf(
        value = "dev.consent.jdbc.TestDatabase#embeddedReplacedByServer",
        disabledReason = "a PostgreSQL server is named and runs these suites; -D" + TestDatabase.EMBEDDED_POSTGRES
                + "=always runs them here too")
class EmbeddedPostgresSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.embeddedPostgres();
    }
}
