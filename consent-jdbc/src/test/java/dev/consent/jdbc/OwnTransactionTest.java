package dev.consent.jdbc;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link OwnTransactionContract} on every database. */
class OwnTransactionTest {
    @Nested
    class OnH2 extends OwnTransactionContract {
        @Override
        TestDatabase database() {
            return TestDatabase.h2Memory();
        }
    }

    @Nested
    class OnEmbeddedPostgres extends OwnTransactionContract {
        @Override
        TestDatabase database() {
            return TestDatabase.embeddedPostgres();
        }
    }

    @Nested
    @EnabledIfSystemProperty(named = TestDatabase.MARIADB_URL, matches = ".+")
    class OnMariadb extends OwnTransactionContract {
        @Override
        TestDatabase database() {
            return TestDatabase.mariadb();
        }
    }
}
