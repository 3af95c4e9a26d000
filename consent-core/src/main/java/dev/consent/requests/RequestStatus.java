package dev.consent.requests;

/**
 * Where a request stands. The lifecycle is {@code RECEIVED -> VERIFIED -> IN_PROGRESS -> COMPLETED} or
 * {@code PARTIALLY_COMPLETED}; a request may be {@code DENIED} from any open status (a rejected identity is a
 * denial for {@link DenialReason#NOT_VERIFIABLE}). An extension changes the deadline, not the status.
 */
public enum RequestStatus {
    /** Received; the requester's identity is not yet verified. */
    RECEIVED,
    /** The requester's identity is verified; work has not started. */
    VERIFIED,
    /** Being carried out. */
    IN_PROGRESS,
    /** Carried out in full. */
    COMPLETED,
    /** Carried out in part: some of what was asked could not or may not be done. */
    PARTIALLY_COMPLETED,
    /** Refused, with a {@link DenialReason}. */
    DENIED;

    /** Whether the request is answered: completed, partially completed or denied. */
    public boolean closed() {
        return this == COMPLETED || this == PARTIALLY_COMPLETED || this == DENIED;
    }
}
