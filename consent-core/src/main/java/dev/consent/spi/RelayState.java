package dev.consent.spi;

import dev.consent.relay.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where relays keep their checkpoint, their lease and their dead letters, per relay name. A relay over a
 * shared database keeps them in that database ({@code JdbcConsentStore.relayState()}), so that instances
 * of one relay on several nodes share one checkpoint and one lease; {@link #inMemory()} serves one process.
 *
 * <p>Implementations are thread-safe. Times come from the relays' clocks, so nodes sharing a lease need
 * clocks that agree to well within the lease duration. A failure of the storage is reported as
 * {@link dev.consent.StoreUnavailableException}.
 */
public interface RelayState {
    /** The position of the last change the relay delivered (or dead-lettered), 0 before the first. */
    long checkpoint(String relay);

    /**
     * Takes or renews the relay's lease for {@code owner} until {@code now + duration}: succeeds when no one
     * holds it, {@code owner} holds it, or the holder's lease ended before {@code now}.
     *
     * @return whether {@code owner} holds the lease now
     */
    boolean acquire(String relay, String owner, Instant now, Duration duration);

    /**
     * Sets the checkpoint to {@code position} and renews the lease, only if {@code owner} holds an unexpired
     * lease at {@code now}; otherwise changes nothing.
     *
     * @return whether the checkpoint was set
     */
    boolean advance(String relay, String owner, long position, Instant now, Duration duration);

    /** Gives the lease up if {@code owner} holds it, so another instance can take over at once. */
    void release(String relay, String owner);

    /** Stores a dead letter; one that exists for the relay and position is replaced. */
    void addDeadLetter(DeadLetter letter);

    /** The relay's dead letters, in position order. */
    List<DeadLetter> deadLetters(String relay);

    /**
     * Removes a dead letter.
     *
     * @return whether there was one
     */
    boolean removeDeadLetter(String relay, long position);

    /** A state kept in this process's memory: for the in-memory store, tests and single-process apps. */
    static RelayState inMemory() {
        return new InMemoryRelayState();
    }
}
