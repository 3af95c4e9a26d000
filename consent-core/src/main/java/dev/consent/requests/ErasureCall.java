package dev.consent.requests;

/**
 * What an erasure target is asked to do: erase everything it holds on {@code subject}.
 *
 * <p><b>Exactly once across crashes.</b> The desk records that a step started before it calls the target and
 * what it did after. When the process stops between the two, the step is called again on resume with the same
 * {@code key} and {@code maybeDoneBefore} set: a target makes its erasure idempotent by that key (as payment
 * APIs do with idempotency keys), or simply erases what is still there. A step recorded as succeeded is never
 * called again.
 *
 * @param requestId the request being carried out
 * @param subject whose data to erase
 * @param key the same for every attempt of this step of this request: {@code requestId + "/" + step}
 * @param attempt 1 for the first call, counting every call of this step
 * @param maybeDoneBefore whether an earlier attempt was interrupted with its outcome unknown
 */
public record ErasureCall(String requestId, String subject, String key, int attempt, boolean maybeDoneBefore) {}
