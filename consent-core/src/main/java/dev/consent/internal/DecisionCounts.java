package dev.consent.internal;

import dev.consent.Decision;
import dev.consent.DecisionReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts an enforcer's decisions by reason, and which of them a cached snapshot answered, with one striped
 * increment per decision: allocation-free once the adders have grown their cells, and without a lock. Only
 * made when decision counting is on ({@code ConsentSystem.Builder.countDecisions()}). Thread-safe.
 */
final class DecisionCounts {
    private static final DecisionReason[] REASONS = DecisionReason.values();

    /** Decisions answered from a cached snapshot, by reason ordinal. */
    private final LongAdder[] fromCache = adders();
    /** Every other decision, by reason ordinal. */
    private final LongAdder[] otherwise = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[REASONS.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** Counts {@code d}; {@code cached} when a cached snapshot answered it. Hot path. */
    void count(Decision d, boolean cached) {
        (cached ? fromCache : otherwise)[d.reason().ordinal()].increment();
    }

    /** Decisions a cached snapshot answered. */
    long cacheHits() {
        long sum = 0;
        for (LongAdder a : fromCache) {
            sum += a.sum();
        }
        return sum;
    }

    /** Every decision by reason, each reason present. */
    Map<DecisionReason, Long> byReason() {
        Map<DecisionReason, Long> out = new EnumMap<>(DecisionReason.class);
        for (DecisionReason r : REASONS) {
            out.put(r, fromCache[r.ordinal()].sum() + otherwise[r.ordinal()].sum());
        }
        return out;
    }
}
