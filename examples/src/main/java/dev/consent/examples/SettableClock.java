package dev.consent.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock that stands still until it is told to move: the examples set it explicitly between steps, so
 * every time they print is the same on every run. Time only moves forward, as the consent ledger (and
 * the cache's expiry, which follows this clock) expect. Thread-safe.
 */
public final class SettableClock extends Clock {
    private volatile Instant now;

    /** A clock showing {@code start}, in UTC. */
    public SettableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /**
     * Moves the clock to {@code instant}.
     *
     * @throws IllegalArgumentException if {@code instant} is before the time shown now
     */
    public synchronized void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException(
                    "the clock only moves forward: it shows " + now + ", asked to show " + instant);
        }
        now = instant;
    }

    /** Moves the clock forward by {@code amount}. */
    public synchronized void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + amount);
        }
        now = now.plus(amount);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** Always UTC: this clock has one time line shared by everything that reads it. */
    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a SettableClock is always in UTC");
    }

    @Override
    public String toString() {
        return "SettableClock[" + now + "]";
    }
}
