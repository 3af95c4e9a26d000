package dev.consent.jdbc;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.retention.RetentionContract;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Retention over the MariaDB server named by {@value TestDatabase#MARIADB_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.MARIADB_URL,
        matches = ".+",
        disabledReason =
                "no MariaDB server named: set -D" + TestDatabase.MARIADB_URL + "=jdbc:mariadb://host/db?user=...")
class MariadbRetentionTest extends RetentionContract {
    @Override
    protected ConsentStore newStore() {
        return TestDatabase.mariadb().newStore();
    }
}
