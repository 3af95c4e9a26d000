package dev.consent.requests;

import dev.consent.InvalidInputException;
import java.util.List;
import java.util.Objects;

/** The checks every {@link RequestStore} makes of a batch before it writes anything. */
public final class RequestStores {
    private RequestStores() {}

    /**
     * Checks that {@code events} are not empty, are of one request, and have consecutive sequences.
     *
     * @throws InvalidInputException naming the first event that is not
     */
    public static void checkBatch(List<RequestEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new InvalidInputException("events", events, "must not be empty");
        }
        RequestEvent first = Objects.requireNonNull(events.get(0), "events[0]");
        for (int i = 1; i < events.size(); i++) {
            RequestEvent e = Objects.requireNonNull(events.get(i), "events[" + i + "]");
            if (!e.requestId().equals(first.requestId())) {
                throw new InvalidInputException(
                        "events[" + i + "].requestId", e.requestId(), "must be " + first.requestId());
            }
            if (e.sequence() != first.sequence() + i) {
                throw new InvalidInputException(
                        "events[" + i + "].sequence", e.sequence(), "must be " + (first.sequence() + i));
            }
        }
    }
}
