package dev.consent.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every aim the summary prints says whether its figure met it, gated or not; a miss never reads as a pass. */
class GateTest {

    @Test
    void anUnmetReportedAim_printsNotMet_andFailsNoRun() {
        Gate r1 = Gate.report("R1 abs", "`require` that allows, absolute", "1227 ns/op", "aim ≤ 50 ns", 1227 <= 50);
        Gate pg = Gate.report("PG cold", "cold check", "median 141 µs", "aim ≤ 100 µs median", 141 <= 100);
        Gate w2 = Gate.report("W2", "2 writers vs 1", "0.90×", "more than 1×", 0.90 > 1);

        for (Gate g : new Gate[] {r1, pg, w2}) {
            assertThat(g.row()).as(g.id()).endsWith("| **not met** |").doesNotContain("pass");
            assertThat(g.pass()).as(g.id()).isFalse();
            assertThat(g.fails(true)).as("%s is not gated", g.id()).isFalse();
        }
    }

    @Test
    void unmetGates_printNotMet_andFailAsTheirKindSays() {
        Gate ratio = Gate.ratio("R1", "require", "getIfPresent", 30, 10, "ns/op", 1.5);
        Gate atLeast = Gate.atLeast("W16", "16 writers", "raw", 900, 1000, "/s", 1.0);
        Gate timing = Gate.timing("M1", "heap per record", "300 B/record", "≤ 250 B", false);
        Gate exact = Gate.exact("R1 stmts", "statements per cached check", "3", "0", false);

        assertThat(ratio.row()).contains("3.00×").endsWith("| **not met** |");
        assertThat(atLeast.row()).contains("0.90×").endsWith("| **not met** |");
        assertThat(timing.row()).endsWith("| **not met** |");
        assertThat(exact.row()).endsWith("| **NOT MET** |");
        assertThat(ratio.fails(false)).isFalse();
        assertThat(ratio.fails(true)).isTrue();
        assertThat(atLeast.fails(true)).isTrue();
        assertThat(timing.fails(true)).isTrue();
        assertThat(exact.fails(false)).isTrue();
    }

    @Test
    void metAims_printMet_andAimsWithoutAFigure_sayWhy() {
        assertThat(Gate.ratio("R1", "require", "getIfPresent", 12, 10, "ns/op", 1.5)
                        .row())
                .endsWith("| met |");
        assertThat(Gate.atLeast("W16", "16 writers", "raw", 1100, 1000, "/s", 1.0)
                        .row())
                .endsWith("| met |");
        assertThat(Gate.report("R1 abs", "absolute", "40 ns/op", "aim ≤ 50 ns", true)
                        .row())
                .endsWith("| met |");
        Gate missing = Gate.notMeasured("PG cold", "cold check", "ConnectException", "aim ≤ 100 µs median");
        assertThat(missing.row()).endsWith("| not measured |");
        assertThat(missing.fails(true)).isFalse();
        assertThat(Gate.forComparison("base alloc", "bare getIfPresent", "0 B/call")
                        .row())
                .endsWith("| for comparison | — |");
    }
}
