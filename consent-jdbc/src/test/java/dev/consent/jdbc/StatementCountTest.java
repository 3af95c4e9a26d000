package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link StatementCountContract} on every database. */
class StatementCountTest {
    @Nested
    class OnH2 extends StatementCountContract {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class OnEmbeddedPostgres extends StatementCountContract {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    @EnabledIfSystemProperty(named = TestDatabase.MARIADB_URL, matches = ".+")
    class OnMariadb extends StatementCountContract {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }
}
