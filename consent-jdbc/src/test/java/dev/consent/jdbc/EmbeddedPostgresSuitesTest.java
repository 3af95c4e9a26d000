package dev.consent.jdbc;

/** The shared suites on a PostgreSQL started by the test (its binaries come from Maven Central). */
class EmbeddedPostgresSuitesTest extends JdbcSuites {
    @Override
    TestDatabase database() {
        return TestDatabase.embeddedPostgres();
    }
}
