package dev.consent.testkit.relay;

import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a relay delivered to a {@link Receiver} against what the store holds: records produced, changes delivered,
 * duplicates, changes lost, and the lag from recording to first arrival.
 */
record DeliveryFigures(long produced, long delivered, long duplicates, long lost, long maxLagMs, long p99LagMs) {
    /** Compares the store's whole feed with the receiver's arrivals and prints the figures of {@code scenario}. */
    static DeliveryFigures of(ConsentStore store, Receiver receiver, String scenario) {
        Set<String> expected = new HashSet<>();
        long after = 0;
        for (List<ConsentRecord> page; !(page = store.readFeed(after, 500)).isEmpty(); ) {
            page.forEach(r -> expected.add(r.id().toString()));
            after = page.get(page.size() - 1).position();
        }
        List<Receiver.Arrival> arrivals = receiver.arrivals();
        Map<String, Instant> firstAt = new HashMap<>();
        List<Long> lags = new ArrayList<>();
        for (Receiver.Arrival a : arrivals) {
            if (firstAt.putIfAbsent(a.message().key(), a.at()) == null) {
                lags.add(Math.max(
                        0, Duration.between(a.message().recordedAt(), a.at()).toMillis()));
            }
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(firstAt.keySet());
        lags.sort(null);
        long max = lags.isEmpty() ? 0 : lags.get(lags.size() - 1);
        long p99 = lags.isEmpty() ? 0 : lags.get(Math.min(lags.size() - 1, (int) Math.ceil(lags.size() * 0.99) - 1));
        DeliveryFigures f = new DeliveryFigures(
                expected.size(), firstAt.size(), arrivals.size() - firstAt.size(), missing.size(), max, p99);
        System.out.printf(
                "relay figures [%s, %s]: produced=%d delivered=%d duplicates=%d lost=%d" + " maxLag=%dms p99Lag=%dms%n",
                store, scenario, f.produced, f.delivered, f.duplicates, f.lost, f.maxLagMs, f.p99LagMs);
        return f;
    }
}
