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
import dev.consent.OptOutSignal;
import dev.consent.Purpose;
import dev.consent.SaleOrSharing;
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
            consent.purposes()
                    .define(Purpose.builder("ads.sale")
                            .title("Sale to ad partners")
                            .description("We sell your profile to advertising partners.")
                            .legalBasis(LegalBasis.CONSENT)
                            .saleOrSharing(SaleOrSharing.SALE)
                            .optOutJurisdictions(java.util.List.of("US-CO", "US-CA"))
                            .build());
            consent.ledger().grant("alice", "marketing.email", CollectionContext.of(Channel.WEB, "signup"));
            consent.ledger()
                    .honourOptOutSignal(
                            "bob", OptOutSignal.GPC, OptOutSignal.GPC.context().build());
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

            assertThat(blackhole).isEqualTo(2L * CALLS * 4);
            assertThat((double) allocated / (CALLS * 6L))
                    .as("bytes allocated per cached check (%d bytes over %d checks)", allocated, CALLS * 6L)
                    .isLessThan(0.01);
        }
    }

    @Test
    void cachedRecipientChecks_allowAndEveryRecipientDenial_allocateNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        CollectionContext web = CollectionContext.of(Channel.WEB, "signup");
        try (ConsentSystem consent =
                ConsentSystem.builder().store(new InMemoryConsentStore()).build()) {
            Purpose v1 = Purpose.builder("partners.share")
                    .title("Sharing with partners")
                    .description("We share your e-mail address with our partners.")
                    .legalBasis(LegalBasis.CONSENT)
                    .maxAge(Duration.ofDays(30))
                    .recipients(java.util.List.of("Alpha", "Beta"))
                    .build();
            consent.purposes().define(v1);
            consent.ledger().grant("alice", "partners.share", web);
            consent.purposes()
                    .define(v1.toBuilder()
                            .version(2)
                            .recipients(java.util.List.of("Alpha", "Gamma"))
                            .build());
            consent.purposes()
                    .define(Purpose.builder("analytics")
                            .title("Analytics")
                            .description("Usage statistics.")
                            .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                            .recipients(java.util.List.of("Stats Co"))
                            .build());
            Enforcer enforcer = consent.enforcer();

            long blackhole = 0;
            for (int i = 0; i < CALLS; i++) {
                blackhole += runWithRecipients(enforcer);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                blackhole += runWithRecipients(enforcer);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(blackhole).isEqualTo(2L * CALLS * 4);
            assertThat((double) allocated / (CALLS * 5L))
                    .as("bytes allocated per cached recipient check (%d bytes over %d checks)", allocated, CALLS * 5L)
                    .isLessThan(0.01);
        }
    }

    /**
     * With decision counting on, each cached check also increments a striped counter: still nothing allocated,
     * and every check is counted.
     */
    @Test
    void cachedChecks_withDecisionCounting_allocateNothing_andAreCounted() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ConsentSystem consent = ConsentSystem.builder()
                .store(new InMemoryConsentStore())
                .countDecisions()
                .build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Marketing e-mail")
                            .description("News and offers.")
                            .legalBasis(LegalBasis.CONSENT)
                            .recipients(java.util.List.of("Alpha"))
                            .build());
            consent.ledger().grant("alice", "marketing.email", CollectionContext.of(Channel.WEB, "signup"));
            consent.ledger().deny("bob", "marketing.email", CollectionContext.of(Channel.WEB, "signup"));
            Enforcer enforcer = consent.enforcer();

            long blackhole = 0;
            for (int i = 0; i < CALLS; i++) {
                blackhole += counted(enforcer);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                blackhole += counted(enforcer);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(blackhole).isEqualTo(2L * CALLS * 2);
            assertThat((double) allocated / (CALLS * 3L))
                    .as("bytes allocated per counted cached check (%d bytes over %d checks)", allocated, CALLS * 3L)
                    .isLessThan(0.01);
            dev.consent.EnforcerStats stats = enforcer.stats();
            assertThat(stats.decisions(DecisionReason.CONSENT_GRANTED)).isEqualTo(2L * CALLS * 2);
            assertThat(stats.decisions(DecisionReason.CONSENT_DENIED)).isEqualTo(2L * CALLS);
            assertThat(stats.cacheHits()).isEqualTo(2L * CALLS * 3 - stats.cacheMisses());
        }
    }

    private static int counted(Enforcer enforcer) {
        enforcer.require("alice", "marketing.email");
        Decision recipient = enforcer.check("alice", "marketing.email", "Alpha");
        Decision denied = enforcer.check("bob", "marketing.email");
        return (recipient.allowed() ? 1 : 0) + (denied.reason() == DecisionReason.CONSENT_DENIED ? 1 : 0);
    }

    /** Allowed, not agreed to (added by version 2), no longer in force (removed by version 2), none, LI. */
    private static int runWithRecipients(Enforcer enforcer) {
        enforcer.require("alice", "partners.share", "Alpha");
        Decision notAgreed = enforcer.check("alice", "partners.share", "Gamma");
        Decision removed = enforcer.check("alice", "partners.share", "Beta");
        Decision none = enforcer.check("bob", "partners.share", "Alpha");
        Decision analytics = enforcer.check("bob", "analytics", "Stats Co");
        return (notAgreed.reason() == DecisionReason.RECIPIENT_NOT_AGREED ? 1 : 0)
                + (removed.reason() == DecisionReason.RECIPIENT_NOT_IN_FORCE ? 1 : 0)
                + (none.reason() == DecisionReason.NO_CONSENT ? 1 : 0)
                + (analytics.allowed() ? 1 : 0);
    }

    private static int run(Enforcer enforcer) {
        enforcer.require("alice", "marketing.email");
        Decision denied = enforcer.check("bob", "marketing.email");
        Decision analytics = enforcer.check("bob", "analytics");
        // checks naming a jurisdiction: the opt-out model (allowed until opted out), and the legal basis elsewhere
        Decision notOptedOut = enforcer.checkIn("alice", "ads.sale", "US-CA");
        Decision optedOut = enforcer.checkIn("bob", "ads.sale", "US-CA");
        enforcer.requireIn("alice", "ads.sale", "US-CO");
        return (denied.reason() == DecisionReason.CONSENT_DENIED ? 1 : 0)
                + (analytics.allowed() ? 1 : 0)
                + (notOptedOut.reason() == DecisionReason.NOT_OPTED_OUT ? 1 : 0)
                + (optedOut.reason() == DecisionReason.OPTED_OUT ? 1 : 0);
    }

    @Test
    void cachedChecks_ofAnInvalidatedGrant_allocateNothing() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ConsentSystem consent =
                ConsentSystem.builder().store(new InMemoryConsentStore()).build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Marketing e-mail")
                            .description("News and offers.")
                            .legalBasis(LegalBasis.CONSENT)
                            .build());
            consent.ledger().grant("alice", "marketing.email", CollectionContext.of(Channel.WEB, "ticked_box"));
            consent.ledger().grant("bob", "marketing.email", CollectionContext.of(Channel.WEB, "clean_box"));
            consent.purposes()
                    .invalidate(dev.consent.Invalidation.builder()
                            .collectionPoint("ticked_box")
                            .by("dpo-1")
                            .because("pre-ticked boxes")
                            .build());
            Enforcer enforcer = consent.enforcer();

            long blackhole = 0;
            for (int i = 0; i < CALLS; i++) {
                blackhole += invalidated(enforcer);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < CALLS; i++) {
                blackhole += invalidated(enforcer);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(blackhole).isEqualTo(2L * CALLS * 2);
            assertThat((double) allocated / (CALLS * 2L))
                    .as("bytes allocated per cached check (%d bytes over %d checks)", allocated, CALLS * 2L)
                    .isLessThan(0.01);
        }
    }

    private static int invalidated(Enforcer enforcer) {
        Decision alice = enforcer.check("alice", "marketing.email");
        Decision bob = enforcer.check("bob", "marketing.email");
        return (alice.reason() == DecisionReason.RECONSENT_REQUIRED && alice.invalidationId() != null ? 1 : 0)
                + (bob.allowed() ? 1 : 0);
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
}
