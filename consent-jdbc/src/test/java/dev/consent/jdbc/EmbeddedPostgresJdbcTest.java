package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;

/** The JDBC-specific tests on a PostgreSQL started by the test: one nested subclass per topic. */
class EmbeddedPostgresJdbcTest {
    @Nested
    class Tampering extends TamperingTest {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    class StoreFailure extends StoreFailureTest {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    class AppendOnly extends AppendOnlyTest {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    class Schema extends SchemaTest {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    class CurrentState extends CurrentStateTest {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }
}
