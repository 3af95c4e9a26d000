package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cached check allocates nothing: counted exactly with the JVM's per-thread allocation counter, not
 * timed. (Speed is measured by the benchmarks.)
 */
class HotPathAllocationTest {
    private static final int CALLS = 200_000;

    @Test
    void cachedChecks_allowAndDeny_allocateNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ConsentSystem consent =
                ConsentSystem.builder().store(new InMemoryConsentStore()).build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Marketing e-mail")
                            .description("News and offers.")
                            .legalBasis(LegalBasis.CONSENT)
                            .maxAge(Duration.ofDays(30))
                            .build());
            consent.purposes()
                    .define(Purpose.builder("analytics")
                            .title("Analytics")
                            .description("Usage statistics.")
                            .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                            .build());
            consent.ledger().grant("alice", "marketing.email", CollectionContext.of(Channel.WEB, "signup"));
            consent.ledger().deny("bob", "marketing.email", CollectionContext.of(Channel.WEB, "signup"));
            Enforcer enforcer = consent.enforcer();

            long blackhole = 0;
            for (int i = 0; i < CALLS; i++) { // warm up: load snapshots, let the JIT compile
                blackhole += run(enforcer);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                blackhole += run(enforcer);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(blackhole).isEqualTo(2L * CALLS * 2);
            assertThat((double) allocated / (CALLS * 3L))
                    .as("bytes allocated per cached check (%d bytes over %d checks)", allocated, CALLS * 3L)
                    .isLessThan(0.01);
        }
    }

    /**
     * A guardian's grant for a child who comes of age within the snapshot's life: the cached check compares the
     * clock with the birthday, and still allocates nothing.
     */
    @Test
    void cachedChecks_ofAChildComingOfAgeSoon_allocateNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        java.time.Clock clock =
                java.time.Clock.fixed(java.time.Instant.parse("2024-03-05T23:30:00Z"), java.time.ZoneOffset.UTC);
        try (ConsentSystem consent = ConsentSystem.builder()
                .store(new InMemoryConsentStore())
                .clock(clock)
                .build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Marketing e-mail")
                            .description("News and offers.")
                            .legalBasis(LegalBasis.CONSENT)
                            .build());
            consent.ledger()
                    .stateAge(
                            "teen",
                            dev.consent.AgeStatement.birthDate(java.time.LocalDate.of(2008, 3, 6), "DE"),
                            CollectionContext.of(Channel.WEB, "age_gate"));
            consent.ledger()
                    .grant(
                            "teen",
                            "marketing.email",
                            CollectionContext.builder(Channel.WEB)
                                    .actor(dev.consent.Actor.guardian(
                                            "parent", dev.consent.GuardianVerification.PAYMENT_TRANSACTION))
                                    .build());
            consent.ledger().grant("kid", "marketing.email", CollectionContext.of(Channel.WEB, "signup"));
            consent.ledger()
                    .stateAge(
                            "kid",
                            dev.consent.AgeStatement.ageBand(8, 10, "DE"),
                            CollectionContext.of(Channel.WEB, "age_gate"));
            Enforcer enforcer = consent.enforcer();

            long blackhole = 0;
            for (int i = 0; i < CALLS; i++) {
                blackhole += runChildren(enforcer);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                blackhole += runChildren(enforcer);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(blackhole).isEqualTo(2L * CALLS * 2);
            assertThat((double) allocated / (CALLS * 2L))
                    .as("bytes allocated per cached check (%d bytes over %d checks)", allocated, CALLS * 2L)
                    .isLessThan(0.01);
        }
    }

    private static int runChildren(Enforcer enforcer) {
        Decision teen = enforcer.check("teen", "marketing.email");
        Decision kid = enforcer.check("kid", "marketing.email");
        return (teen.allowed() ? 1 : 0) + (kid.reason() == DecisionReason.GUARDIAN_CONSENT_REQUIRED ? 1 : 0);
    }

    private static int run(Enforcer enforcer) {
        enforcer.require("alice", "marketing.email");
        Decision denied = enforcer.check("bob", "marketing.email");
        Decision analytics = enforcer.check("bob", "analytics");
        return (denied.reason() == DecisionReason.CONSENT_DENIED ? 1 : 0) + (analytics.allowed() ? 1 : 0);
    }
}
