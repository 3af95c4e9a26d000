package dev.consent.jdbc;

/** The shared suites on H2 in memory. */
class H2MemorySuitesTest extends JdbcSuites {
    @Override
    TestDatabase database() {
        return TestDatabase.h2Memory();
    }
}
