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
}
