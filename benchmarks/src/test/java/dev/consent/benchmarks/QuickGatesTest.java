package dev.consent.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole suite in quick mode (one short iteration each) on every build, so the benchmarks keep
 * compiling and running and their gates keep computing. Exact gates (bytes allocated, statements, store
 * loads) fail the build; timing ratios are written to the summary but never fail it.
 */
class QuickGatesTest {
    @Test
    void everyExactGatePasses() {
        boolean full = "full".equals(System.getProperty("benchmarks.mode"));
        Path results = Path.of(System.getProperty("benchmarks.results", "results"));
        List<Gate> gates = new Gates(full, results).run();
        assertThat(gates).filteredOn(Gate::exact).allMatch(Gate::pass, "passes");
    }
}
