package dev.consent.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Merkle proof benchmark on a small ledger in an H2 file: the ledger it writes gets a tree whose proofs verify
 * (the run checks one of each against the root), every row of the summary is measured, and a proof runs at most
 * {@value ProofLatency#MAX_STATEMENTS} statements.
 */
class ProofLatencyTest {
    @Test
    void aSmallLedger_isProvenWithABoundedNumberOfStatements() throws Exception {
        ProofLatency run = new ProofLatency(2_000, 40, "h2", "merkle-test");

        run.measure(Databases.H2);

        List<Gate> gates = run.gates();
        assertThat(gates)
                .extracting(Gate::id)
                .containsExactlyInAnyOrder("MSh", "MP1h", "MP1h stmts", "MP2h", "MP2h stmts");
        assertThat(gates).noneMatch(g -> g.outcome() == Gate.Outcome.NOT_MEASURED);
        assertThat(gates).filteredOn(Gate::exact).allMatch(Gate::pass);
    }
}
