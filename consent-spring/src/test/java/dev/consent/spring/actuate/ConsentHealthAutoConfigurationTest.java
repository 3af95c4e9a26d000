package dev.consent.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.relay.Relay;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import dev.consent.spring.ConsentAutoConfiguration;
import dev.consent.spring.ControllableStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code consent} health indicator in a real context: its status, details and conditions. */
class ConsentHealthAutoConfigurationTest {
    static final String SUBJECT = "alice@example.com";
    static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ConsentAutoConfiguration.class, ConsentHealthAutoConfiguration.class))
            .withPropertyValues(
                    "consent.store=memory",
                    "consent.feed-poll-interval=10ms",
                    "consent.purposes[0].id=marketing.email",
                    "consent.purposes[0].title=Marketing e-mail",
                    "consent.purposes[0].description=News and offers.");

    @Test
    void storeAnswering_feedFollowed_isUp_withPositions_andNoPersonalData() {
        runner.run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            consent.ledger().withdraw(SUBJECT, "marketing.email", WEB);

            Health health = context.getBean("consentHealthIndicator", HealthIndicator.class)
                    .health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("headPosition", 2L).containsEntry("outageDenials", 0L);
            assertThat(detail(health, "feed"))
                    .containsEntry("following", true)
                    .containsEntry("consecutiveFailedPolls", 0L)
                    .containsKeys("position", "behind", "failedPolls", "resets");
            assertThat(health.toString()).doesNotContain("alice");
        });
    }

    @Test
    void storeFailing_isDown_namingTheFailure_butNotTheSubjectNorTheDriversMessage() {
        runner.withUserConfiguration(Controllable.class).run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            context.getBean(ControllableStore.class).down = true;

            Health health = context.getBean(ConsentHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("error")).contains("StoreUnavailableException");
            assertThat(health.toString()).doesNotContain("alice").doesNotContain("db.internal");
        });
    }

    @Test
    void storeNotAnsweringWithinTheTimeout_isDownAtOnce_andOneReadRunsAtATime() {
        runner.withUserConfiguration(Controllable.class)
                .withPropertyValues("consent.health.timeout=200ms")
                .run(context -> {
                    ControllableStore store = context.getBean(ControllableStore.class);
                    ConsentHealthIndicator indicator = context.getBean(ConsentHealthIndicator.class);
                    CountDownLatch gate = new CountDownLatch(1);
                    store.headGate = gate;

                    long started = System.nanoTime();
                    Health hanging = indicator.health();
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    Health whileHanging = indicator.health();
                    store.headGate = null;
                    gate.countDown();
                    awaitTrue(() -> indicator.health().getStatus().equals(Status.UP));

                    assertThat(hanging.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(hanging.getDetails().get("error")).isEqualTo("the store gave no answer within PT0.2S");
                    assertThat(took).isLessThan(Duration.ofSeconds(5));
                    assertThat(whileHanging.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(whileHanging.getDetails().get("error"))
                            .isEqualTo("the store has not answered the previous health read yet");
                });
    }

    @Test
    void feedPollsFailingInARow_isDown_andUpAgainOnceTheFeedReads() {
        runner.withUserConfiguration(Controllable.class)
                .withPropertyValues("consent.health.feed-failures-down=3")
                .run(context -> {
                    ControllableStore store = context.getBean(ControllableStore.class);
                    ConsentSystem consent = context.getBean(ConsentSystem.class);
                    ConsentHealthIndicator indicator = context.getBean(ConsentHealthIndicator.class);
                    store.feedDown = true;
                    consent.ledger().grant(SUBJECT, "marketing.email", WEB); // the head moves: polls read the feed
                    awaitTrue(() -> consent.feedStats().consecutiveFailedPolls() >= 3);

                    Health failing = indicator.health();
                    store.feedDown = false;
                    awaitTrue(() -> consent.feedStats().consecutiveFailedPolls() == 0);
                    Health recovered = indicator.health();

                    assertThat(failing.getStatus()).isEqualTo(Status.DOWN);
                    assertThat((String) failing.getDetails().get("error")).contains("polls of the store's change feed");
                    assertThat(detail(failing, "feed")).containsKey("consecutiveFailedPolls");
                    assertThat(recovered.getStatus()).isEqualTo(Status.UP);
                    assertThat(detail(recovered, "feed")).containsEntry("behind", 0L);
                });
    }

    @Test
    void relayBeans_reportTheirLagAndDeadLetters_withoutSubjects_andLeaveTheStatusUp() {
        runner.withUserConfiguration(FailingRelay.class).run(context -> {
            ConsentSystem consent = context.getBean(ConsentSystem.class);
            Relay relay = context.getBean(Relay.class);
            consent.ledger().grant(SUBJECT, "marketing.email", WEB);
            awaitTrue(() -> relay.deadLetters().size() == 1);

            Health health = context.getBean(ConsentHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Map<String, Object> crm = detail(detail(health, "relays"), "crm");
            assertThat(crm)
                    .containsEntry("deadLetters", 1)
                    .containsEntry("behind", 0L)
                    .containsEntry("checkpoint", 1L)
                    .containsKeys("oldestUndeliveredAge", "leaseHeld", "failedAttempts");
            assertThat(relay.deadLetters().get(0).error()).contains("alice");
            assertThat(health.toString()).doesNotContain("alice");
        });
    }

    @Test
    void applicationIndicatorNamedConsent_replacesIt() {
        runner.withBean(
                        "consentHealthIndicator",
                        HealthIndicator.class,
                        () -> () -> Health.outOfService().build())
                .run(context -> {
                    assertThat(context).doesNotHaveBean(ConsentHealthIndicator.class);
                    assertThat(context.getBean("consentHealthIndicator", HealthIndicator.class)
                                    .health()
                                    .getStatus())
                            .isEqualTo(Status.OUT_OF_SERVICE);
                });
    }

    @Test
    void switchedOff_orWithoutHealthSupport_orWithoutAConsentSystem_thereIsNone() {
        runner.withPropertyValues("management.health.consent.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsentHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsentHealthIndicator.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConsentHealthAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsentHealthIndicator.class));
    }

    @Test
    void badSettings_failTheStart_namingTheProperty() {
        runner.withPropertyValues("consent.health.timeout=0s")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("consent.health.timeout"));
        runner.withPropertyValues("consent.health.feed-failures-down=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("consent.health.feed-failures-down"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(Health health, String name) {
        return (Map<String, Object>) health.getDetails().get(name);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> detail(Map<String, Object> details, String name) {
        return (Map<String, Object>) details.get(name);
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    /** The application's store: one whose failures the test controls. */
    @Configuration(proxyBeanMethods = false)
    static class Controllable {
        @Bean
        ControllableStore consentStore() {
            return new ControllableStore();
        }
    }

    /** A relay whose sink always fails, naming the subject in its error, giving up after one attempt. */
    @Configuration(proxyBeanMethods = false)
    static class FailingRelay {
        @Bean(destroyMethod = "close")
        Relay crmRelay(ConsentStore store, ConsentSystem consent) {
            return Relay.builder("crm")
                    .store(store)
                    .purposes(consent.purposes())
                    .state(RelayState.inMemory())
                    .sink(message -> {
                        throw new IllegalStateException("the CRM refused " + message.subject());
                    })
                    .maxAttempts(1)
                    .pollInterval(Duration.ofMillis(10))
                    .build()
                    .start();
        }
    }
}
