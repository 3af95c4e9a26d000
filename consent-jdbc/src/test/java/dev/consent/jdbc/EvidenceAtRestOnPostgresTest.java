package dev.consent.jdbc;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link EvidenceAtRestContract} on the server named by {@value TestDatabase#POSTGRES_URL}. */
@EnabledIfSystemProperty(
        named = TestDatabase.POSTGRES_URL,
        matches = ".+",
        disabledReason = "no server named: set -D" + TestDatabase.POSTGRES_URL)
class EvidenceAtRestOnPostgresTest extends EvidenceAtRestContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    boolean buildsFreshStores() {
        return false;
    }
}
