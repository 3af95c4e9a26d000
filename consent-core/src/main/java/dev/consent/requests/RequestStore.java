package dev.consent.requests;

import java.time.Instant;
import java.util.List;

/**
 * Where data-subject requests keep their events: append-only, per request in sequence order from 1. A
 * request over a shared database keeps them in that database ({@code JdbcConsentStore.requestStore()}), so
 * every node of an application sees and continues the same requests; {@link #inMemory()} serves one process.
 *
 * <p>Implementations are thread-safe and never change or delete an event. A failure of the storage is
 * reported as {@link dev.consent.StoreUnavailableException}.
 */
public interface RequestStore {
    /**
     * Appends events of one request, all or none. The first must carry the request's next sequence (1 for a
     * new request, with type {@code RECEIVED}), and each further one the sequence after it.
     *
     * @throws dev.consent.requests.RequestConflictException if a sequence is taken already (another writer
     *     appended first, or the request exists); nothing is written
     * @throws dev.consent.InvalidInputException if the events are empty, of several requests or not
     *     consecutive; nothing is written
     */
    void append(List<RequestEvent> events);

    /** Every event of the request, in sequence order; empty for an unknown request. */
    List<RequestEvent> events(String requestId);

    /**
     * Every event of every open request (one with no {@linkplain dev.consent.requests.RequestEventType#terminal
     * terminal} event), ordered by request id and then sequence.
     */
    List<RequestEvent> openEvents();

    /**
     * Every event of every request received in {@code [from, to)} (its {@code RECEIVED} event's time), ordered
     * by request id and then sequence.
     */
    List<RequestEvent> receivedEvents(Instant from, Instant to);

    /** A store kept in this process's memory: for the in-memory ledger, tests and single-process apps. */
    static RequestStore inMemory() {
        return new InMemoryRequestStore();
    }
}
