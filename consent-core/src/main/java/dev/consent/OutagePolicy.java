package dev.consent;

/**
 * What checks do while the store is failing. In both policies a check that needs the store denies with
 * {@link DecisionReason#STORE_UNAVAILABLE}, writes throw {@link StoreUnavailableException}, and no cached
 * snapshot is ever served past {@link ConsentSystem.Builder#cacheExpireAfterWrite(java.time.Duration)}.
 */
public enum OutagePolicy {
    /**
     * The default: cached snapshots keep answering until their age bound; only checks that need the store
     * deny. Right when the store is this process's own and every change goes through it.
     */
    SERVE_CACHED,
    /**
     * Once a store call fails (a check's, a write's, or a poll of the change feed), every check of a
     * consent or legitimate-interest purpose denies with {@link DecisionReason#STORE_UNAVAILABLE}, cached or
     * not, until the store answers again. Checks probe the store at most once per second to find out, and a
     * poll of the feed that succeeds ends the outage too. Right when other processes write to a shared store
     * and a withdrawal made elsewhere must not be missed while this process cannot see the change feed.
     */
    DENY_ALL
}
