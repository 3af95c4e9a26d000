package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link FeedOrderContract} on every database. */
class FeedOrderTest {
    @Nested
    class OnH2 extends FeedOrderContract {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class OnEmbeddedPostgres extends FeedOrderContract {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    @EnabledIfSystemProperty(named = TestDatabase.POSTGRES_URL, matches = ".+")
    class OnPostgresServer extends FeedOrderContract {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    @EnabledIfSystemProperty(named = TestDatabase.MARIADB_URL, matches = ".+")
    class OnMariadb extends FeedOrderContract {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }
}
