package dev.consent.spring.actuate;

import static dev.consent.spring.actuate.ConsentHealthAutoConfigurationTest.SUBJECT;
import static dev.consent.spring.actuate.ConsentHealthAutoConfigurationTest.WEB;
import static dev.consent.spring.actuate.ConsentHealthAutoConfigurationTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.consent.ConsentSystem;
import dev.consent.Enforcer;
import dev.consent.relay.Relay;
import dev.consent.spring.ConsentAutoConfiguration;
import dev.consent.spring.ControllableStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The consent meters in a real context with Spring Boot's metrics auto-configuration and a simple registry: they
 * move with real checks, feed and relay activity, and a cached check stays allocation-free with them on.
 */
class ConsentMetricsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    ConsentAutoConfiguration.class,
                    ConsentMetricsAutoConfiguration.class))
            .withPropertyValues(
                    "consent.store=memory",
                    "consent.purposes[0].id=marketing.email",
                    "consent.purposes[0].title=Marketing e-mail",
                    "consent.purposes[0].description=News and offers.");

    @Test
    void decisionsByReason_andCacheGets_countRealChecks() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Enforcer enforcer = context.getBean(ConsentSystem.class).enforcer();
            context.getBean(ConsentSystem.class).ledger().grant(SUBJECT, "marketing.email", WEB);

            enforcer.check(SUBJECT, "marketing.email"); // loaded: a miss
            enforcer.require(SUBJECT, "marketing.email"); // cached: a hit
            enforcer.check(SUBJECT, "marketing.email"); // a hit
            enforcer.check("bob", "marketing.email"); // a miss, never asked
            enforcer.check("bob", "no.such.purpose");

            assertThat(count(registry, "consent.decisions", "reason", "CONSENT_GRANTED"))
                    .isEqualTo(3);
            assertThat(registry.get("consent.decisions")
                            .tags("reason", "CONSENT_GRANTED", "allowed", "true")
                            .functionCounter()
                            .count())
                    .isEqualTo(3);
            assertThat(count(registry, "consent.decisions", "reason", "NO_CONSENT"))
                    .isEqualTo(1);
            assertThat(count(registry, "consent.decisions", "reason", "UNKNOWN_PURPOSE"))
                    .isEqualTo(1);
            assertThat(count(registry, "consent.unknown.purpose.denials", null, null))
                    .isEqualTo(1);
            assertThat(count(registry, "consent.cache.gets", "result", "hit")).isEqualTo(2);
            assertThat(count(registry, "consent.cache.gets", "result", "miss")).isEqualTo(2);
            assertThat(registry.find("consent.decisions").functionCounters())
                    .as("one per reason")
                    .hasSize(dev.consent.DecisionReason.values().length);
            assertThat(registry.getMeters())
                    .extracting(m -> m.getId().toString())
                    .noneMatch(id -> id.contains("alice"));
        });
    }

    @Test
    void outageDenials_countChecksDeniedWhileTheStoreFails() {
        runner.withBean(ControllableStore.class, ControllableStore::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Enforcer enforcer = context.getBean(ConsentSystem.class).enforcer();
            context.getBean(ControllableStore.class).down = true;

            enforcer.check(SUBJECT, "marketing.email");
            enforcer.check("bob", "marketing.email");

            assertThat(count(registry, "consent.outage.denials", null, null)).isEqualTo(2);
            assertThat(count(registry, "consent.decisions", "reason", "STORE_UNAVAILABLE"))
                    .isEqualTo(2);
        });
    }

    @Test
    void feedMeters_showTheLagOfPositionsNotYetApplied() {
        runner.withPropertyValues("consent.feed-poll-interval=1h").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            double before = registry.get("consent.feed.lag").gauge().value();

            consent.ledger().grant(SUBJECT, "marketing.email", WEB); // the follower polls only in an hour
            consent.ledger().grant("bob", "marketing.email", WEB);

            assertThat(before).isZero();
            assertThat(registry.get("consent.feed.lag").gauge().value()).isEqualTo(2);
            assertThat(registry.get("consent.feed.position").gauge().value()).isZero();
            assertThat(registry.get("consent.feed.poll.failures.consecutive")
                            .gauge()
                            .value())
                    .isZero();
            assertThat(registry.get("consent.feed.polls").functionCounter().count())
                    .isZero();
            assertThat(registry.find("consent.feed.poll.failures").functionCounter())
                    .isNotNull();
            assertThat(registry.find("consent.feed.resets").functionCounter()).isNotNull();
        });
    }

    @Test
    void feedMeters_failingPolls_countAndShowTheRunOfFailures() {
        runner.withBean(ControllableStore.class, ControllableStore::new)
                .withPropertyValues("consent.feed-poll-interval=10ms")
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ConsentSystem consent = context.getBean(ConsentSystem.class);
                    context.getBean(ControllableStore.class).feedDown = true;
                    consent.ledger().grant(SUBJECT, "marketing.email", WEB);

                    awaitTrue(() -> registry.get("consent.feed.poll.failures.consecutive")
                                    .gauge()
                                    .value()
                            >= 2);

                    assertThat(registry.get("consent.feed.poll.failures")
                                    .functionCounter()
                                    .count())
                            .isGreaterThanOrEqualTo(2);
                    assertThat(registry.get("consent.feed.lag").gauge().value()).isEqualTo(1);
                });
    }

    @Test
    void relayMeters_showLagDeadLettersAndDeliveries_taggedByRelayName() {
        runner.withUserConfiguration(ConsentHealthAutoConfigurationTest.FailingRelay.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    ConsentSystem consent = context.getBean(ConsentSystem.class);
                    Relay relay = context.getBean(Relay.class);
                    consent.ledger().grant(SUBJECT, "marketing.email", WEB);
                    awaitTrue(() -> relay.deadLetters().size() == 1);

                    assertThat(registry.get("consent.relay.dead.letters")
                                    .tag("relay", "crm")
                                    .gauge()
                                    .value())
                            .isEqualTo(1);
                    assertThat(registry.get("consent.relay.lag")
                                    .tag("relay", "crm")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(registry.get("consent.relay.dead.lettered")
                                    .tag("relay", "crm")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("consent.relay.delivery.failures")
                                    .tag("relay", "crm")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("consent.relay.deliveries")
                                    .tag("relay", "crm")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("consent.relay.oldest.undelivered")
                                    .tag("relay", "crm")
                                    .timeGauge()
                                    .value(TimeUnit.SECONDS))
                            .isZero();
                });
    }

    @Test
    void decisionsByReasonOff_leavesTheSystemUncounted_andRegistersNoDecisionMeters() {
        runner.withPropertyValues("consent.metrics.decisions-by-reason=false").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Enforcer enforcer = context.getBean(ConsentSystem.class).enforcer();
            enforcer.check(SUBJECT, "marketing.email");

            assertThat(enforcer.stats().countsDecisions()).isFalse();
            assertThat(registry.find("consent.decisions").meters()).isEmpty();
            assertThat(registry.find("consent.cache.gets").tag("result", "hit").meters())
                    .isEmpty();
            assertThat(count(registry, "consent.cache.gets", "result", "miss")).isEqualTo(1);
        });
    }

    /**
     * The promise of the enforcer, with the starter's metrics on: a cached check allocates nothing (the meters
     * read the counters at scrape time; the counting itself is a striped increment).
     */
    @Test
    void withMetricsOn_aCachedCheckStillAllocatesNothing() {
        runner.run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            Enforcer enforcer = consent.enforcer();
            ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            int calls = 200_000;
            long allowed = 0;
            for (int i = 0; i < calls; i++) { // warm up: load the snapshots, let the JIT compile
                allowed += check(enforcer);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                allowed += check(enforcer);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(allowed).isEqualTo(2L * calls);
            assertThat((double) allocated / (2L * calls))
                    .as("bytes per cached check (%d bytes over %d checks)", allocated, 2L * calls)
                    .isLessThan(0.01);
            assertThat(count(registry, "consent.decisions", "reason", "CONSENT_GRANTED"))
                    .isEqualTo(2L * calls);
            assertThat(count(registry, "consent.decisions", "reason", "NO_CONSENT"))
                    .isEqualTo(2L * calls);
        });
    }

    private static int check(Enforcer enforcer) {
        enforcer.require(SUBJECT, "marketing.email");
        return enforcer.check("bob", "marketing.email").allowed() ? 0 : 1;
    }

    @Test
    void applicationMeters_replaceThem_andNoRegistryOrNoMicrometer_meansNone() {
        runner.withUserConfiguration(ApplicationMeters.class).run(context -> {
            assertThat(context).hasSingleBean(ConsentMetrics.class);
            assertThat(context).hasBean("myConsentMetrics");
        });
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ConsentAutoConfiguration.class, ConsentMetricsAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ConsentMetrics.class);
                    assertThat(context.getBean(ConsentSystem.class)
                                    .enforcer()
                                    .stats()
                                    .countsDecisions())
                            .as("no registry: nothing counts")
                            .isFalse();
                });
        runner.withClassLoader(new FilteredClassLoader(SimpleMeterRegistry.class.getPackageName(), "io.micrometer"))
                .run(context -> assertThat(context).doesNotHaveBean(ConsentMetrics.class));
    }

    private static double count(MeterRegistry registry, String name, String tag, String value) {
        var search = registry.get(name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.functionCounter().count();
    }

    /** The application's own meters. */
    @Configuration(proxyBeanMethods = false)
    static class ApplicationMeters {
        @Bean
        ConsentMetrics myConsentMetrics(ConsentSystem consent) {
            return new ConsentMetrics(consent, List.of());
        }
    }
}
