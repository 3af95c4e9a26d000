package dev.consent.benchmarks;

/**
 * One line of the summary: a figure, what it is measured against, the limit it must reach, and whether it
 * did. Exact gates (bytes allocated, statements, store loads) are deterministic and fail the build; ratio
 * gates are timings, reported in every mode and failing only the full suite's verdict.
 */
record Gate(String id, String measured, String against, String figure, String limit, boolean pass, boolean exact) {

    static Gate ratio(
            String id, String measured, String against, double benchmark, double baseline, String unit, double limit) {
        double r = benchmark / baseline;
        String figure =
                String.format(java.util.Locale.ROOT, "%.2f× (%s vs %s %s)", r, round(benchmark), round(baseline), unit);
        return new Gate(
                id,
                measured,
                against,
                figure,
                String.format(java.util.Locale.ROOT, "≤ %.2f×", limit),
                r <= limit,
                false);
    }

    private static final String NOT_GATED = " (not gated)";

    /** A throughput ratio (higher is better) that must reach {@code goal}. */
    static Gate atLeast(
            String id, String measured, String against, double benchmark, double baseline, String unit, double goal) {
        double r = benchmark / baseline;
        String figure =
                String.format(java.util.Locale.ROOT, "%.2f× (%s vs %s %s)", r, round(benchmark), round(baseline), unit);
        return new Gate(
                id, measured, against, figure, String.format(java.util.Locale.ROOT, "≥ %.2f×", goal), r >= goal, false);
    }

    static Gate exact(String id, String measured, String figure, String limit, boolean pass) {
        return new Gate(id, measured, "—", figure, limit, pass, true);
    }

    static Gate report(String id, String measured, String figure, String aim) {
        return new Gate(id, measured, "—", figure, aim + NOT_GATED, true, false);
    }

    /** Whether this row is reported only ({@link #report}): it has no verdict. */
    boolean reported() {
        return limit.endsWith(NOT_GATED);
    }

    static String round(double v) {
        if (v >= 100) {
            return String.format(java.util.Locale.ROOT, "%.0f", v);
        }
        return String.format(java.util.Locale.ROOT, v >= 10 ? "%.1f" : "%.2f", v);
    }

    String row() {
        String verdict = reported() ? "reported" : pass ? "pass" : exact ? "**FAIL**" : "**fail**";
        return "| " + id + " | " + measured + " | " + against + " | " + figure + " | " + limit + " | " + verdict + " |";
    }
}
