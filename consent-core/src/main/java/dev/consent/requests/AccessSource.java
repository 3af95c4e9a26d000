package dev.consent.requests;

/**
 * One of the application's systems that holds personal data and can return a subject's, for an access
 * request: registered with {@link DataSubjectRequests.Builder#accessSource}. Called with a timeout, retried with
 * backoff when it throws.
 */
@FunctionalInterface
public interface AccessSource {
    /**
     * Everything this system holds on {@code subject}, as a value Jackson writes as JSON: a
     * {@code JsonNode}, a map, a list, a record, text or a number ({@code null} for nothing).
     *
     * @throws Exception when it could not: the step is recorded as failed and retried
     */
    @org.jspecify.annotations.Nullable
    Object collect(String subject) throws Exception;
}
