package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;

/** The JDBC-specific tests on H2 in memory: one nested subclass per topic. */
class H2MemoryJdbcTest {
    @Nested
    class Tampering extends TamperingTest {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class StoreFailure extends StoreFailureTest {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class AppendOnly extends AppendOnlyTest {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class Schema extends SchemaTest {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class CurrentState extends CurrentStateTest {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }
}
