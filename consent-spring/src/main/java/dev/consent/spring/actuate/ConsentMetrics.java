package dev.consent.spring.actuate;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.EnforcerStats;
import dev.consent.FeedStats;
import dev.consent.relay.Relay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The consent system's meters, read from the library's own counters when the registry samples them (at scrape
 * or publish time): nothing is recorded on the checking thread, so a cached check stays allocation-free with
 * metrics on. Thread-safe.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code consent.decisions}</td><td>function counter</td><td>{@code reason}, {@code allowed}</td>
 *       <td>decisions for processing now, by {@link DecisionReason}; only when the system counts them
 *       ({@code ConsentSystem.Builder.countDecisions()}, which the auto-configuration sets)</td></tr>
 *   <tr><td>{@code consent.cache.gets}</td><td>function counter</td><td>{@code result=hit|miss}</td>
 *       <td>checks answered from a cached snapshot (hits, only when decisions are counted) and subjects loaded
 *       from the store (misses)</td></tr>
 *   <tr><td>{@code consent.outage.denials}</td><td>function counter</td><td></td>
 *       <td>checks denied because the store failed</td></tr>
 *   <tr><td>{@code consent.unknown.purpose.denials}</td><td>function counter</td><td></td>
 *       <td>checks denied because the purpose is not defined</td></tr>
 *   <tr><td>{@code consent.feed.lag}</td><td>gauge</td><td></td>
 *       <td>ledger positions the system has yet to apply from the change feed (reads the head position
 *       from the store; NaN when it fails)</td></tr>
 *   <tr><td>{@code consent.feed.position}</td><td>gauge</td><td></td><td>the last feed position applied</td></tr>
 *   <tr><td>{@code consent.feed.polls}, {@code consent.feed.poll.failures}</td><td>function counters</td><td></td>
 *       <td>polls of the feed, and those that failed</td></tr>
 *   <tr><td>{@code consent.feed.poll.failures.consecutive}</td><td>gauge</td><td></td>
 *       <td>polls failed since the last one that succeeded</td></tr>
 *   <tr><td>{@code consent.feed.resets}</td><td>function counter</td><td></td>
 *       <td>times the store's head went back (a restored backup)</td></tr>
 *   <tr><td>{@code consent.relay.lag}</td><td>gauge</td><td>{@code relay}</td>
 *       <td>changes the relay has yet to deliver</td></tr>
 *   <tr><td>{@code consent.relay.oldest.undelivered}</td><td>time gauge</td><td>{@code relay}</td>
 *       <td>age of the oldest change not yet delivered</td></tr>
 *   <tr><td>{@code consent.relay.dead.letters}</td><td>gauge</td><td>{@code relay}</td>
 *       <td>dead letters stored now</td></tr>
 *   <tr><td>{@code consent.relay.deliveries}, {@code consent.relay.delivery.failures},
 *       {@code consent.relay.dead.lettered}</td><td>function counters</td><td>{@code relay}</td>
 *       <td>this instance's acknowledged deliveries, failed attempts, and changes it gave up on</td></tr>
 * </table>
 *
 * <p>Feed meters exist only when the system follows the feed. Relay meters read {@link Relay#status()} (three
 * small store reads) at most once per second per relay, whatever the number of meters and registries; they are
 * NaN while the store fails. No tag holds personal data.
 */
public final class ConsentMetrics implements MeterBinder {
    private final ConsentSystem consent;
    /** Held here: meters keep only weak references to what they read. */
    private final List<SampledRelay> relays;

    /**
     * @param consent the system to measure
     * @param relays the relays to measure
     */
    public ConsentMetrics(ConsentSystem consent, List<Relay> relays) {
        this.consent = Objects.requireNonNull(consent, "consent");
        this.relays = relays.stream().map(SampledRelay::new).toList();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        EnforcerStats stats = consent.enforcer().stats();
        if (stats.countsDecisions()) {
            for (DecisionReason reason : DecisionReason.values()) {
                enforcer(registry, "consent.decisions", s -> s.decisions(reason))
                        .description("Decisions for processing now, by reason")
                        .tag("reason", reason.name())
                        .tag("allowed", String.valueOf(reason.allows()))
                        .register(registry);
            }
            enforcer(registry, "consent.cache.gets", EnforcerStats::cacheHits)
                    .description("Checks answered from a cached snapshot")
                    .tag("result", "hit")
                    .register(registry);
        }
        enforcer(registry, "consent.cache.gets", EnforcerStats::cacheMisses)
                .description("Subjects loaded from the store for checks")
                .tag("result", "miss")
                .register(registry);
        enforcer(registry, "consent.outage.denials", EnforcerStats::storeUnavailable)
                .description("Checks denied because the store failed")
                .register(registry);
        enforcer(registry, "consent.unknown.purpose.denials", EnforcerStats::unknownPurpose)
                .description("Checks denied because the purpose is not defined")
                .register(registry);
        if (consent.feedStats().following()) {
            bindFeed(registry);
        }
        for (SampledRelay relay : relays) {
            bindRelay(registry, relay);
        }
    }

    private FunctionCounter.Builder<ConsentSystem> enforcer(
            MeterRegistry registry, String name, ToDoubleFunction<EnforcerStats> value) {
        return FunctionCounter.builder(
                name, consent, c -> value.applyAsDouble(c.enforcer().stats()));
    }

    private void bindFeed(MeterRegistry registry) {
        Gauge.builder("consent.feed.lag", consent, ConsentMetrics::feedLag)
                .description("Ledger positions not yet applied from the change feed")
                .register(registry);
        feedGauge(registry, "consent.feed.position", FeedStats::position, "The last change-feed position applied");
        feedGauge(
                registry,
                "consent.feed.poll.failures.consecutive",
                FeedStats::consecutiveFailedPolls,
                "Change-feed polls failed since the last that succeeded");
        feedCounter(registry, "consent.feed.polls", FeedStats::polls, "Polls of the change feed");
        feedCounter(registry, "consent.feed.poll.failures", FeedStats::failedPolls, "Change-feed polls that failed");
        feedCounter(registry, "consent.feed.resets", FeedStats::resets, "Times the store's head position went back");
    }

    private void feedGauge(MeterRegistry registry, String name, ToDoubleFunction<FeedStats> f, String description) {
        Gauge.builder(name, consent, c -> f.applyAsDouble(c.feedStats()))
                .description(description)
                .register(registry);
    }

    private void feedCounter(MeterRegistry registry, String name, ToDoubleFunction<FeedStats> f, String description) {
        FunctionCounter.builder(name, consent, c -> f.applyAsDouble(c.feedStats()))
                .description(description)
                .register(registry);
    }

    private static double feedLag(ConsentSystem consent) {
        long position = consent.feedStats().position();
        try {
            return Math.max(0, consent.ledger().headPosition() - position);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static void bindRelay(MeterRegistry registry, SampledRelay relay) {
        String name = relay.name();
        Gauge.builder("consent.relay.lag", relay, r -> r.value(s -> s.behind()))
                .description("Changes the relay has yet to deliver")
                .tag("relay", name)
                .register(registry);
        TimeGauge.builder(
                        "consent.relay.oldest.undelivered",
                        relay,
                        TimeUnit.MILLISECONDS,
                        r -> r.value(s -> s.oldestUndeliveredAge().toMillis()))
                .description("Age of the oldest change the relay has not delivered")
                .tag("relay", name)
                .register(registry);
        Gauge.builder("consent.relay.dead.letters", relay, r -> r.value(s -> s.deadLetters()))
                .description("Dead letters the relay holds")
                .tag("relay", name)
                .register(registry);
        FunctionCounter.builder("consent.relay.deliveries", relay, r -> r.value(s -> s.delivered()))
                .description("Messages this instance's sink acknowledged")
                .tag("relay", name)
                .register(registry);
        FunctionCounter.builder("consent.relay.delivery.failures", relay, r -> r.value(s -> s.failedAttempts()))
                .description("Failed delivery attempts by this instance, retries included")
                .tag("relay", name)
                .register(registry);
        FunctionCounter.builder("consent.relay.dead.lettered", relay, r -> r.value(s -> s.deadLettered()))
                .description("Changes this instance gave up delivering")
                .tag("relay", name)
                .register(registry);
    }
}
