package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The JDBC-specific tests on a running MariaDB server named by {@value TestDatabase#MARIADB_URL}: one nested
 * subclass per topic.
 */
@EnabledIfSystemProperty(named = TestDatabase.MARIADB_URL, matches = ".+",
        disabledReason = "no MariaDB server named: set -D" + TestDatabase.MARIADB_URL + "=jdbc:mariadb://host/db?user=...")
class MariadbJdbcTest {
    @Nested
    class Tampering extends TamperingTest {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }

    @Nested
    class StoreFailure extends StoreFailureTest {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }

    @Nested
    class AppendOnly extends AppendOnlyTest {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }

    @Nested
    class Schema extends SchemaTest {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }

    @Nested
    class CurrentState extends CurrentStateTest {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }
}
