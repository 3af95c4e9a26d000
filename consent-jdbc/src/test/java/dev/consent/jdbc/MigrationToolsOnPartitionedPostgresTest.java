package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;

/**
 * Flyway and Liquibase with the subject-partitioned scripts ({@code postgresql-partitioned/}, and its own
 * changelog) on PostgreSQL: the server named by {@value TestDatabase#POSTGRES_URL}, else the embedded one. The
 * store opens with {@code partitionedBySubject()}, which checks that the tools made partitioned tables.
 */
class MigrationToolsOnPartitionedPostgresTest {
    private static TestDatabase database() {
        return TestDatabase.postgresServerNamed()
                ? TestDatabase.postgresPartitioned()
                : TestDatabase.embeddedPostgresPartitioned();
    }

    @Nested
    class WithFlyway extends FlywayContract {
        @Override
        TestDatabase database() {
            return MigrationToolsOnPartitionedPostgresTest.database();
        }
    }

    @Nested
    class WithLiquibase extends LiquibaseContract {
        @Override
        TestDatabase database() {
            return MigrationToolsOnPartitionedPostgresTest.database();
        }
    }
}
