package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Flyway and Liquibase on the MariaDB server named by {@value TestDatabase#MARIADB_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.MARIADB_URL,
        matches = ".+",
        disabledReason =
                "no MariaDB server named: set -D" + TestDatabase.MARIADB_URL + "=jdbc:mariadb://host/db?user=...")
class MigrationToolsOnMariadbTest {
    @Nested
    class WithFlyway extends FlywayContract {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }

    @Nested
    class WithLiquibase extends LiquibaseContract {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }
}
