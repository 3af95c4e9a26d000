package dev.consent.requests;

import dev.consent.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** {@link RequestStore#inMemory()}: the events in a sorted map of lists, under one lock. */
final class InMemoryRequestStore implements RequestStore {
    private final Map<String, List<RequestEvent>> requests = new TreeMap<>();

    @Override
    public void append(List<RequestEvent> events) {
        RequestStores.checkBatch(events);
        String id = events.get(0).requestId();
        synchronized (requests) {
            List<RequestEvent> history = requests.get(id);
            int next = history == null ? 1 : history.size() + 1;
            int first = events.get(0).sequence();
            if (first < next) {
                throw new RequestConflictException(id, first);
            }
            if (first > next) {
                throw new InvalidInputException(
                        "events[0].sequence", first, "must be " + next + ", the next of request " + id);
            }
            if (history == null && next == 1) {
                history = new ArrayList<>();
                requests.put(id, history);
            }
            history.addAll(events);
        }
    }

    @Override
    public List<RequestEvent> events(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        synchronized (requests) {
            List<RequestEvent> history = requests.get(requestId);
            return history == null ? List.of() : List.copyOf(history);
        }
    }

    @Override
    public List<RequestEvent> openEvents() {
        List<RequestEvent> out = new ArrayList<>();
        synchronized (requests) {
            for (List<RequestEvent> history : requests.values()) {
                if (!history.get(history.size() - 1).type().terminal()) {
                    out.addAll(history);
                }
            }
        }
        return out;
    }

    @Override
    public List<RequestEvent> receivedEvents(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        List<RequestEvent> out = new ArrayList<>();
        synchronized (requests) {
            for (List<RequestEvent> history : requests.values()) {
                Instant received = history.get(0).at();
                if (!received.isBefore(from) && received.isBefore(to)) {
                    out.addAll(history);
                }
            }
        }
        return out;
    }
}
