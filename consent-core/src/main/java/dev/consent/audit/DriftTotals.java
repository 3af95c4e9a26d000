package dev.consent.audit;

/**
 * The events of one purpose or one system in a drift audit, and how many of them were violations.
 *
 * @param events the events read
 * @param violations those without a valid basis at their instant
 */
public record DriftTotals(long events, long violations) {}
