package dev.consent.benchmarks;

import java.util.Random;

/**
 * Keys drawn from a Zipf distribution into an array, in setup, as Caffeine's own benchmarks do: the timed
 * loop only reads {@code keys[i++ & mask]}, with no random numbers and no allocation.
 */
final class Zipf {
    /** Length of every key array: a power of two, so the index wraps with a mask. */
    static final int SIZE = 1 << 16;

    static final int MASK = SIZE - 1;

    private Zipf() {}

    /**
     * {@link #SIZE} draws from {@code population}, rank {@code k} (1-based) drawn with probability
     * proportional to {@code 1 / k^0.99}; ranks are mapped to population elements by a fixed shuffle so the
     * hot keys are spread over the population. Deterministic (seeded).
     */
    static String[] draw(String[] population, long seed) {
        int n = population.length;
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, 0.99);
            cumulative[k] = sum;
        }
        Random random = new Random(seed);
        int[] shuffle = new int[n];
        for (int i = 0; i < n; i++) {
            shuffle[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffle[i];
            shuffle[i] = shuffle[j];
            shuffle[j] = t;
        }
        String[] keys = new String[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double u = random.nextDouble() * sum;
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            keys[i] = population[shuffle[lo]];
        }
        return keys;
    }

    /** {@code n} subject ids, {@code user-0} to {@code user-(n-1)}, with their hash codes already computed. */
    static String[] subjects(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = "user-" + i;
            out[i].hashCode();
        }
        return out;
    }
}
