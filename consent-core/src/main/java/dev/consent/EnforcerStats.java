package dev.consent;

/**
 * Counters of an {@link Enforcer}'s exceptional paths, for metrics and alerts. Only paths that leave the
 * cache are counted, so that a cached check stays free of shared writes. A snapshot: immutable.
 *
 * @param cacheMisses subjects that had to be loaded from the store (a bulk check counts each subject)
 * @param storeUnavailable decisions denied because the store failed
 * @param unknownPurpose decisions denied because the purpose is not defined
 */
public record EnforcerStats(long cacheMisses, long storeUnavailable, long unknownPurpose) {}
