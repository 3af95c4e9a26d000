package dev.consent.testkit.behaviour;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so expiry and "as of" questions need no sleeping. Thread-safe. It only
 * moves forward: the consent system also drives its cache's ticker from the clock, and a ticker must not
 * run backwards.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** @param start the first instant the clock shows */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** Moves the clock forward by {@code amount}; returns the new instant. */
    public Instant advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("a test clock only moves forward, not by " + amount);
        }
        return now.updateAndGet(t -> t.plus(amount));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the test clock is UTC only");
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
