package dev.consent.spring.actuate;

import dev.consent.relay.Relay;
import dev.consent.relay.RelayStatus;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * A relay's status, read at most once per {@link #MAX_AGE_NANOS} (a second), so that the meters of one scrape share one
 * {@link Relay#status()} (which reads the store). Thread-safe: racing reads may both read the store, which is
 * harmless.
 */
final class SampledRelay {
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Relay relay;
    private final long maxAgeNanos;
    private volatile @Nullable Sample last;

    SampledRelay(Relay relay) {
        this(relay, MAX_AGE_NANOS);
    }

    SampledRelay(Relay relay, long maxAgeNanos) {
        this.relay = relay;
        this.maxAgeNanos = maxAgeNanos;
    }

    String name() {
        return relay.name();
    }

    /** {@code f} of a status at most a second old; NaN when the store could not be read. */
    double value(ToDoubleFunction<RelayStatus> f) {
        long now = System.nanoTime();
        Sample s = last;
        if (s == null || now - s.nanos >= maxAgeNanos) {
            RelayStatus status;
            try {
                status = relay.status();
            } catch (RuntimeException e) {
                status = null;
            }
            s = new Sample(now, status);
            last = s;
        }
        return s.status == null ? Double.NaN : f.applyAsDouble(s.status);
    }

    private record Sample(long nanos, @Nullable RelayStatus status) {}
}
