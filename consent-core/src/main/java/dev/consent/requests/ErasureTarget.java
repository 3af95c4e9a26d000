package dev.consent.requests;

/**
 * One of the application's systems that holds personal data and can erase a subject's: a table, a search
 * index, an object store bucket, a cache, a processor's API. Registered with
 * {@link DataSubjectRequests.Builder#erasureTarget}. Called with a timeout, retried with backoff when it
 * throws; see {@link ErasureCall} for what makes it exactly-once across crashes.
 */
@FunctionalInterface
public interface ErasureTarget {
    /**
     * Erases what this system holds on the call's subject.
     *
     * @throws Exception when it could not: the step is recorded as failed and retried
     */
    ErasureResult erase(ErasureCall call) throws Exception;
}
