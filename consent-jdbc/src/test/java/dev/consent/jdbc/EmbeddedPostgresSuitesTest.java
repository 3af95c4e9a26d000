package dev.consent.jdbc;

/** The test kit on a PostgreSQL started by the test (its binaries come from Maven Central). */
class EmbeddedPostgresSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.embeddedPostgres();
    }
}
