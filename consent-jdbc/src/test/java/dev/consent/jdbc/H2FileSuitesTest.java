package dev.consent.jdbc;

/** The test kit on an H2 file database. */
class H2FileSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.h2File();
    }
}
