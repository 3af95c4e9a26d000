package dev.consent;

/** A listener's registration; {@link #close()} stops further deliveries. Thread-safe and idempotent. */
public interface Subscription extends AutoCloseable {
    /** Stops delivering changes to the listener. Changes already being delivered may still arrive. */
    @Override
    void close();
}
