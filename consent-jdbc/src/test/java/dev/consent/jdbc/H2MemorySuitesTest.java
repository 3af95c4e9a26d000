package dev.consent.jdbc;

/** The test kit on H2 in memory. */
class H2MemorySuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.h2Memory();
    }
}
