package dev.consent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counters of an {@link Enforcer}, for metrics and alerts. A snapshot: immutable.
 *
 * <p>By default only paths that leave the cache are counted, so that a cached check stays free of shared
 * writes: {@code cacheHits} is then 0 and {@code decisions} is empty. With
 * {@link ConsentSystem.Builder#countDecisions()} every decision for processing now is counted by its reason,
 * at the price of one striped counter increment per check (still allocation-free); past-instant checks
 * ({@link Enforcer#checkAt}) are audits and never counted.
 *
 * @param cacheMisses subjects that had to be loaded from the store (a bulk check counts each subject)
 * @param storeUnavailable decisions denied because the store failed
 * @param unknownPurpose decisions denied because the purpose is not defined
 * @param cacheHits checks answered from a cached snapshot without reading the store (a bulk check counts each
 *     subject); counted only with {@link ConsentSystem.Builder#countDecisions()}, else 0
 * @param decisions decisions for processing now by reason, every reason present, in the order of
 *     {@link DecisionReason}; empty unless {@link ConsentSystem.Builder#countDecisions()} was given. A recipient
 *     check counts the recipient's decision, a bulk check each subject's. Unmodifiable
 */
public record EnforcerStats(
        long cacheMisses,
        long storeUnavailable,
        long unknownPurpose,
        long cacheHits,
        Map<DecisionReason, Long> decisions) {

    /** Copies {@code decisions}. */
    public EnforcerStats {
        Objects.requireNonNull(decisions, "decisions");
        decisions = decisions.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(decisions));
    }

    /** Counters of an enforcer that does not count decisions by reason. */
    public EnforcerStats(long cacheMisses, long storeUnavailable, long unknownPurpose) {
        this(cacheMisses, storeUnavailable, unknownPurpose, 0, Map.of());
    }

    /** Whether decisions are counted by reason ({@link ConsentSystem.Builder#countDecisions()}). */
    public boolean countsDecisions() {
        return !decisions.isEmpty();
    }

    /** The decisions made for {@code reason}; 0 when decisions are not counted. */
    public long decisions(DecisionReason reason) {
        return decisions.getOrDefault(Objects.requireNonNull(reason, "reason"), 0L);
    }
}
