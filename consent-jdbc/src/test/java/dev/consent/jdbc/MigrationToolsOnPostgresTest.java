package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;

/**
 * Flyway and Liquibase on PostgreSQL: the server named by {@value TestDatabase#POSTGRES_URL}, else the
 * embedded one.
 */
class MigrationToolsOnPostgresTest {
    private static TestDatabase database() {
        return TestDatabase.postgresServerNamed() ? TestDatabase.postgres() : TestDatabase.embeddedPostgres();
    }

    @Nested
    class WithFlyway extends FlywayContract {
        @Override
        TestDatabase database() {
            return MigrationToolsOnPostgresTest.database();
        }
    }

    @Nested
    class WithLiquibase extends LiquibaseContract {
        @Override
        TestDatabase database() {
            return MigrationToolsOnPostgresTest.database();
        }
    }
}
