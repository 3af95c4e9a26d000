package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link TwoNodesContract} on every database (on H2 in memory, two pools of one process share the database). */
class TwoNodesTest {
    @Nested
    class OnH2 extends TwoNodesContract {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class OnEmbeddedPostgres extends TwoNodesContract {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    @EnabledIfSystemProperty(named = TestDatabase.POSTGRES_URL, matches = ".+")
    class OnPostgresServer extends TwoNodesContract {
        @Override
        TestDatabase database() {
            return TestDatabase.postgres();
        }
    }

    @Nested
    @EnabledIfSystemProperty(named = TestDatabase.MARIADB_URL, matches = ".+")
    class OnMariadb extends TwoNodesContract {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }
}
