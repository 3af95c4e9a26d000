package dev.consent.testkit.reliability;

/**
 * The size of the reliability suites: every count of operations, rounds, trials or kills is its base figure
 * times {@link #scale()}, read from the system property {@value #SCALE_PROPERTY} (1 in {@code mvn verify}, 10 in
 * the {@code soak} profile).
 */
public final class Reliability {
    /** The system property holding the scale factor, a positive integer. */
    public static final String SCALE_PROPERTY = "consent.reliability.scale";

    private Reliability() {}

    /** The scale factor; 1 when the property is not set or empty. */
    public static int scale() {
        String value = System.getProperty(SCALE_PROPERTY, "").trim();
        if (value.isEmpty() || value.startsWith("${")) {
            return 1;
        }
        int scale = Integer.parseInt(value);
        if (scale < 1) {
            throw new IllegalArgumentException(SCALE_PROPERTY + " must be a positive integer, not " + value);
        }
        return scale;
    }

    /** {@code base} times the scale factor. */
    public static int scaled(int base) {
        return Math.multiplyExact(base, scale());
    }
}
