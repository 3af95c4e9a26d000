package dev.consent.jdbc;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link EvidenceAtRestContract} on the server named by {@value TestDatabase#MARIADB_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.MARIADB_URL,
        matches = ".+",
        disabledReason = "no server named: set -D" + TestDatabase.MARIADB_URL)
class EvidenceAtRestOnMariadbTest extends EvidenceAtRestContract {
    @Override
    TestDatabase database() {
        return TestDatabase.mariadb();
    }

    @Override
    boolean buildsFreshStores() {
        return false;
    }
}
