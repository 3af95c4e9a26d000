package dev.consent.requests;

import dev.consent.ConsentException;

/**
 * Another writer appended an event to the request first: the event's sequence is taken. Nothing was written;
 * read the request again and decide anew.
 */
public class RequestConflictException extends ConsentException {
    private static final long serialVersionUID = 1L;

    private final String requestId;
    private final int sequence;

    /**
     * @param requestId the request
     * @param sequence the sequence that was taken
     */
    public RequestConflictException(String requestId, int sequence) {
        super("request " + requestId + " changed concurrently: event " + sequence + " exists already");
        this.requestId = requestId;
        this.sequence = sequence;
    }

    /** The request. */
    public String requestId() {
        return requestId;
    }

    /** The sequence that was taken. */
    public int sequence() {
        return sequence;
    }
}
