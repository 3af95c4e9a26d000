package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.DecisionReason;
import dev.consent.EnforcerStats;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.testkit.behaviour.FailingStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ConsentSystem.Builder.countDecisions()}: every decision for processing now is counted once, by the
 * reason it ends with, and the checks a cached snapshot answered; without it, nothing on the cached path is.
 */
class DecisionCountingTest {
    private static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup");

    @Test
    void withoutCounting_statsCountNoDecisionsAndNoHits() {
        try (ConsentSystem consent = system(ConsentSystem.builder())) {
            consent.enforcer().check("alice", "marketing.email");
            consent.enforcer().check("alice", "marketing.email");

            EnforcerStats stats = consent.enforcer().stats();
            assertThat(stats.countsDecisions()).isFalse();
            assertThat(stats.decisions()).isEmpty();
            assertThat(stats.decisions(DecisionReason.CONSENT_GRANTED)).isZero();
            assertThat(stats.cacheHits()).isZero();
            assertThat(stats.cacheMisses()).isEqualTo(1);
        }
    }

    @Test
    void everyCheckForm_countsItsFinalDecisionOnce() {
        try (ConsentSystem consent = system(ConsentSystem.builder().countDecisions())) {
            var enforcer = consent.enforcer();
            enforcer.check("alice", "marketing.email"); // loaded: GRANTED, a miss
            enforcer.require("alice", "marketing.email"); // cached: GRANTED, a hit
            enforcer.check("bob", "marketing.email"); // loaded: WITHDRAWN
            catchThrowable(() -> enforcer.require("bob", "marketing.email")); // cached: WITHDRAWN
            enforcer.check("alice", "billing"); // contract: no cache
            enforcer.check("alice", "no.such.purpose");
            enforcer.check("alice", "marketing.email", "Beta"); // recipient added later: not agreed to
            enforcer.check("alice", "marketing.email", "Beta", Consistency.full()); // the same, from the store
            enforcer.check("alice", "marketing.email", Consistency.full()); // from the store, not a hit
            enforcer.checkAll(List.of("alice", "bob", "carol"), "marketing.email"); // 2 hits; carol read, uncached
            enforcer.checkAll(List.of("alice", "carol"), "marketing.email", "Beta"); // 1 hit
            enforcer.checkAt("alice", "marketing.email", Instant.now()); // an audit: not counted

            EnforcerStats stats = enforcer.stats();
            assertThat(stats.countsDecisions()).isTrue();
            assertThat(stats.decisions()).containsOnlyKeys(DecisionReason.values());
            assertThat(stats.decisions(DecisionReason.CONSENT_GRANTED)).isEqualTo(4);
            assertThat(stats.decisions(DecisionReason.CONSENT_WITHDRAWN)).isEqualTo(3);
            assertThat(stats.decisions(DecisionReason.LEGAL_BASIS_NOT_CONSENT)).isEqualTo(1);
            assertThat(stats.decisions(DecisionReason.UNKNOWN_PURPOSE)).isEqualTo(1);
            assertThat(stats.decisions(DecisionReason.RECIPIENT_NOT_AGREED)).isEqualTo(3);
            assertThat(stats.decisions(DecisionReason.NO_CONSENT)).isEqualTo(2);
            assertThat(stats.decisions().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(14);
            assertThat(stats.cacheHits())
                    .as("require x2, recipient, bulk 2 + 1")
                    .isEqualTo(6);
        }
    }

    @Test
    void storeDown_deniedCachedChecks_areCountedAsOutages_notAsHits() {
        FailingStore store = new FailingStore(new InMemoryConsentStore());
        try (ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .countDecisions()
                .outagePolicy(dev.consent.OutagePolicy.DENY_ALL)
                .feedPollInterval(java.time.Duration.ZERO)
                .build()) {
            define(consent);
            consent.ledger().grant("alice", "marketing.email", WEB);
            consent.enforcer().check("alice", "marketing.email");
            store.failEverything();
            consent.enforcer().check("dave", "marketing.email"); // needs the store: denied

            consent.enforcer().check("alice", "marketing.email"); // cached, but the store is down: denied

            EnforcerStats stats = consent.enforcer().stats();
            assertThat(stats.decisions(DecisionReason.STORE_UNAVAILABLE)).isEqualTo(2);
            assertThat(stats.storeUnavailable()).isEqualTo(2);
            assertThat(stats.cacheHits()).isZero();
        }
    }

    @Test
    void statsAreSnapshots_unmodifiable() {
        try (ConsentSystem consent = system(ConsentSystem.builder().countDecisions())) {
            EnforcerStats before = consent.enforcer().stats();
            consent.enforcer().check("alice", "marketing.email");

            assertThat(before.decisions(DecisionReason.CONSENT_GRANTED)).isZero();
            assertThat(catchThrowable(() -> before.decisions().put(DecisionReason.OBJECTED, 1L)))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThat(new EnforcerStats(0, 0, 0, 0, Map.of(DecisionReason.OBJECTED, 2L))
                            .decisions(DecisionReason.OBJECTED))
                    .isEqualTo(2);
        }
    }

    private static ConsentSystem system(ConsentSystem.Builder builder) {
        ConsentSystem consent = builder.store(new InMemoryConsentStore()).build();
        define(consent);
        Purpose v1 = consent.purposes().find("marketing.email").orElseThrow();
        consent.ledger().grant("alice", "marketing.email", WEB);
        consent.ledger().grant("bob", "marketing.email", WEB);
        consent.ledger().withdraw("bob", "marketing.email", WEB);
        consent.purposes()
                .define(v1.toBuilder()
                        .version(2)
                        .recipients(List.of("Alpha", "Beta"))
                        .build());
        return consent;
    }

    private static void define(ConsentSystem consent) {
        consent.purposes()
                .define(Purpose.builder("marketing.email")
                        .title("Marketing e-mail")
                        .description("News and offers.")
                        .legalBasis(LegalBasis.CONSENT)
                        .recipients(List.of("Alpha"))
                        .build());
        consent.purposes()
                .define(Purpose.builder("billing")
                        .title("Billing")
                        .description("Invoices.")
                        .legalBasis(LegalBasis.CONTRACT)
                        .build());
    }
}
