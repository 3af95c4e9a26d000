package dev.consent.jdbc;

/** The shared suites on an H2 file database. */
class H2FileSuitesTest extends JdbcSuites {
    @Override
    TestDatabase database() {
        return TestDatabase.h2File();
    }
}
