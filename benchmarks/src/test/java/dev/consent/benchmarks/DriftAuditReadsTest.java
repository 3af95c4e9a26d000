package dev.consent.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The exact gate of the drift audit on its own, small and quick: a grouped log of 200 subjects reads each
 * subject's history once, one statement each on H2 ({@link DriftAudits#historyReads}). {@link QuickGatesTest}
 * runs it at the suite's size with the others.
 */
class DriftAuditReadsTest {
    @Test
    void aGroupedLog_readsEachSubjectsHistoryOnce_oneStatementEach() {
        Gate gate = DriftAudits.historyReads(200);

        assertThat(gate.exact()).isTrue();
        assertThat(gate.figure()).startsWith("200 (history reads 200, violations 1000)");
        assertThat(gate.pass()).as(gate.toString()).isTrue();
    }
}
