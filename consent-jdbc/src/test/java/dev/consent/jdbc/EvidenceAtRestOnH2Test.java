package dev.consent.jdbc;

/** {@link EvidenceAtRestContract} on H2 in memory. */
class EvidenceAtRestOnH2Test extends EvidenceAtRestContract {
    @Override
    TestDatabase database() {
        return TestDatabase.h2Memory();
    }
}
