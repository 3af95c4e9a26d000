package dev.consent.memory;

import dev.consent.InvalidInputException;
import dev.consent.spi.RegistryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The registry events of the in-memory store: append-only, at most one event of each kind per invalidation id.
 * Thread-safe (its methods are synchronized; registry events are rare).
 */
final class RegistryEventLog {
    private static final Comparator<RegistryEvent> ORDER = Comparator.comparing(RegistryEvent::recordedAt)
            .thenComparing(RegistryEvent::kind)
            .thenComparing(e -> e.invalidationId().toString());

    private final List<RegistryEvent> events = new ArrayList<>();
    private final Set<List<Object>> keys = new HashSet<>();

    /**
     * Stores {@code event}.
     *
     * @throws InvalidInputException naming {@code invalidationId} if an event of its kind for its invalidation is
     *     stored, or if it lifts an invalidation that is not stored
     */
    synchronized void save(RegistryEvent event) {
        Objects.requireNonNull(event, "event");
        List<Object> key = List.of(event.kind(), event.invalidationId());
        if (keys.contains(key)) {
            throw new InvalidInputException(
                    "invalidationId", event.invalidationId(), "already has a " + event.kind() + " event");
        }
        if (event.kind() == RegistryEvent.Kind.LIFTED
                && !keys.contains(List.of(RegistryEvent.Kind.INVALIDATED, event.invalidationId()))) {
            throw new InvalidInputException("invalidationId", event.invalidationId(), "no such invalidation");
        }
        keys.add(key);
        events.add(event);
    }

    /** Every event, in the order {@link dev.consent.spi.ConsentStore#loadRegistryEvents()} promises. */
    synchronized List<RegistryEvent> load() {
        List<RegistryEvent> out = new ArrayList<>(events);
        out.sort(ORDER);
        return List.copyOf(out);
    }
}
