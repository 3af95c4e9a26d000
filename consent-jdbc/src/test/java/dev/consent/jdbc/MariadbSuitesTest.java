package dev.consent.jdbc;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The test kit on a running MariaDB server named by {@value TestDatabase#MARIADB_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.MARIADB_URL,
        matches = ".+",
        disabledReason =
                "no MariaDB server named: set -D" + TestDatabase.MARIADB_URL + "=jdbc:mariadb://host/db?user=...")
class MariadbSuitesTest extends JdbcStoreKit {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }
}
