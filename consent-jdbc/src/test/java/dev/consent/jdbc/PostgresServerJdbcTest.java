package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The JDBC-specific tests on a running PostgreSQL server named by {@value TestDatabase#POSTGRES_URL}: one nested
 * subclass per topic.
 */
@EnabledIfSystemProperty(named = TestDatabase.POSTGRES_URL, matches = ".+",
        disabledReason = "no PostgreSQL server named: set -D" + TestDatabase.POSTGRES_URL + "=jdbc:postgresql://host/db?user=...")
class PostgresServerJdbcTest {
    @Nested
    class Tampering extends TamperingTest {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    class StoreFailure extends StoreFailureTest {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    class AppendOnly extends AppendOnlyTest {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    class Schema extends SchemaTest {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    class CurrentState extends CurrentStateTest {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }
}
