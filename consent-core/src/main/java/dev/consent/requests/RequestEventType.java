package dev.consent.requests;

/**
 * What one event of a request records. The details each type carries are listed in {@link RequestEvent}.
 */
public enum RequestEventType {
    /** The request was received: always the first event, sequence 1. */
    RECEIVED(false),
    /** The requester's identity was verified. */
    IDENTITY_VERIFIED(false),
    /** The requester's identity could not be verified: the request is denied as not verifiable. */
    IDENTITY_REJECTED(true),
    /** Work on the request started. */
    STARTED(false),
    /** The deadline was extended, once, with a reason and the date the subject was told. */
    EXTENDED(false),
    /** A step (one access source or erasure target) is about to be called. */
    STEP_STARTED(false),
    /** A step finished and reported what it did. */
    STEP_SUCCEEDED(false),
    /** A step failed, timed out or was cancelled; it may be retried. */
    STEP_FAILED(false),
    /** The request was carried out in full. */
    COMPLETED(true),
    /** The request was carried out in part. */
    PARTIALLY_COMPLETED(true),
    /** The request was denied, with a reason. */
    DENIED(true);

    private final boolean terminal;

    RequestEventType(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether this event closes the request: no event may follow it. */
    public boolean terminal() {
        return terminal;
    }
}
