package dev.consent.benchmarks;

import java.util.Locale;

/**
 * One line of the summary: a figure, what it is measured against, the aim it must reach, and whether it did.
 * Every aim is compared with its figure and says "met" or "not met", gated or not. Exact gates (bytes allocated,
 * statements, store loads) are deterministic and fail the build; ratio gates are timings, failing only a strict
 * run's verdict; aims reported only ({@link #report}) never fail a run but still say whether they were met.
 */
record Gate(String id, String measured, String against, String figure, String limit, Outcome outcome, boolean exact) {

    /** What the figure says of the aim. */
    enum Outcome {
        /** The figure reaches the aim. */
        MET,
        /** The figure misses the aim. */
        NOT_MET,
        /** No figure: the run could not measure it. */
        NOT_MEASURED,
        /** A figure with no aim, printed for comparison. */
        NO_AIM
    }

    private static final String NOT_GATED = " (not gated)";

    static Gate ratio(
            String id, String measured, String against, double benchmark, double baseline, String unit, double limit) {
        double r = benchmark / baseline;
        String figure = String.format(Locale.ROOT, "%.2f× (%s vs %s %s)", r, round(benchmark), round(baseline), unit);
        return new Gate(
                id, measured, against, figure, String.format(Locale.ROOT, "≤ %.2f×", limit), of(r <= limit), false);
    }

    /** A throughput ratio (higher is better) that must reach {@code goal}. */
    static Gate atLeast(
            String id, String measured, String against, double benchmark, double baseline, String unit, double goal) {
        double r = benchmark / baseline;
        String figure = String.format(Locale.ROOT, "%.2f× (%s vs %s %s)", r, round(benchmark), round(baseline), unit);
        return new Gate(
                id, measured, against, figure, String.format(Locale.ROOT, "≥ %.2f×", goal), of(r >= goal), false);
    }

    static Gate exact(String id, String measured, String figure, String limit, boolean pass) {
        return new Gate(id, measured, "—", figure, limit, of(pass), true);
    }

    /** A timing or reading gated like a ratio: compared with its aim, failing only a strict run. */
    static Gate timing(String id, String measured, String figure, String limit, boolean met) {
        return new Gate(id, measured, "—", figure, limit, of(met), false);
    }

    /** An aim reported only: compared with its figure ({@code met}), never failing a run. */
    static Gate report(String id, String measured, String figure, String aim, boolean met) {
        return new Gate(id, measured, "—", figure, aim + NOT_GATED, of(met), false);
    }

    /** An aim the run could not measure, with the reason as its figure. */
    static Gate notMeasured(String id, String measured, String reason, String aim) {
        return new Gate(id, measured, "—", reason, aim, Outcome.NOT_MEASURED, false);
    }

    /** A figure printed for comparison, with no aim of its own. */
    static Gate forComparison(String id, String measured, String figure) {
        return new Gate(id, measured, "—", figure, "for comparison", Outcome.NO_AIM, false);
    }

    private static Outcome of(boolean met) {
        return met ? Outcome.MET : Outcome.NOT_MET;
    }

    /** Whether this row is reported only ({@link #report}): it never fails a run. */
    boolean reported() {
        return limit.endsWith(NOT_GATED);
    }

    /** Whether the figure did not miss its aim (an aim not measured, or no aim, is not a miss). */
    boolean pass() {
        return outcome != Outcome.NOT_MET;
    }

    /** Whether this row fails the run: a missed exact gate always, a missed timing gate when {@code strict}. */
    boolean fails(boolean strict) {
        return !pass() && !reported() && (exact || strict);
    }

    static String round(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** The verdict as the summary prints it: "met", "not met" (bold; capitals for an exact gate), or why none. */
    String verdict() {
        return switch (outcome) {
            case MET -> "met";
            case NOT_MET -> exact ? "**NOT MET**" : "**not met**";
            case NOT_MEASURED -> "not measured";
            case NO_AIM -> "—";
        };
    }

    String row() {
        return "| " + id + " | " + measured + " | " + against + " | " + figure + " | " + limit + " | " + verdict()
                + " |";
    }
}
