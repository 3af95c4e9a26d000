package dev.consent.testkit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing history to a minimal one: removes runs of steps, halving the run length down to single
 * steps, and keeps every removal after which the history still fails, until no single step can go (delta
 * debugging). Any subsequence of a history is a valid history, since the model predicts the rejection of
 * writes that no longer fit.
 */
final class Shrinker {
    private Shrinker() {}

    /**
     * The smallest history found that still fails, trying at most {@code maxTries} candidates.
     *
     * @param failing a history for which {@code fails} is true
     */
    static <T> List<T> shrink(List<T> failing, Predicate<List<T>> fails, int maxTries) {
        List<T> current = failing;
        int tries = 0;
        int chunk = Math.max(1, current.size() / 2);
        while (tries < maxTries) {
            boolean removed = false;
            for (int i = 0; i < current.size() && tries < maxTries; ) {
                List<T> candidate = new ArrayList<>(current.subList(0, i));
                candidate.addAll(current.subList(Math.min(current.size(), i + chunk), current.size()));
                tries++;
                if (fails.test(candidate)) {
                    current = candidate;
                    removed = true;
                } else {
                    i += chunk;
                }
            }
            if (!removed) {
                if (chunk == 1) {
                    break;
                }
                chunk = Math.max(1, chunk / 2);
            }
        }
        return current;
    }
}
