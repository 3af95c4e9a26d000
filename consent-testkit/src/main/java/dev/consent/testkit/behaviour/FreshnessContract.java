package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.DecisionReason;
import dev.consent.Enforcer;
import dev.consent.ProcessingDeniedException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * How fresh a check is: own writes at once, writes of another system over the same store on
 * invalidation, on demand ({@link Consistency}), and at the latest when the cache's age bound passes.
 */
public abstract class FreshnessContract extends BehaviourContract {

    private ConsentSystem writer;
    private ConsentSystem reader;

    private void twoSystems(Consumer<ConsentSystem.Builder> readerSettings) {
        writer = systemWithPurposes();
        reader = system(readerSettings);
    }

    @Test
    void writeThroughAnotherSystem_isInvisibleToACachedCheck_untilInvalidated() {
        twoSystems(b -> {});
        assertThat(reader.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);

        writer.ledger().grant("user-1", EMAIL, WEB);

        assertThat(reader.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        reader.invalidate("user-1");
        assertThat(reader.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void closingOneOfTwoSystemsOverOneStore_leavesTheStoreOpen_andTheOtherSystemWorking() {
        java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
        ForwardingStore shared = new ForwardingStore(store) {
            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        ConsentSystem first = ConsentSystem.builder()
                .store(shared)
                .clock(clock)
                .feedPollInterval(Duration.ZERO)
                .build();
        try (ConsentSystem second = ConsentSystem.builder()
                .store(shared)
                .clock(clock)
                .feedPollInterval(Duration.ZERO)
                .build()) {
            Fixtures.defineStandard(first.purposes());
            first.ledger().grant("user-1", EMAIL, WEB);

            first.close();

            assertThat(closes)
                    .as("the system did not create the store, so it does not close it")
                    .hasValue(0);
            second.invalidate("user-1");
            assertThat(second.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
            long position = second.ledger().withdraw("user-1", EMAIL, WEB).position();
            assertThat(second.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
            assertThat(store.headPosition())
                    .as("the store itself is still open")
                    .isEqualTo(position);
        }
        assertThat(closes).as("nor does the second system").hasValue(0);
    }

    @Test
    void purposeDefinedThroughAnotherSystem_isKnownToTheNextCheck() {
        twoSystems(b -> {});
        assertThat(reader.purposes().find("loyalty.points")).isEmpty();

        writer.purposes().define(Fixtures.simple("loyalty.points", dev.consent.LegalBasis.CONSENT));
        writer.ledger().grant("user-1", "loyalty.points", WEB);

        assertThat(reader.enforcer().check("user-1", "loyalty.points").reason())
                .as("an unknown id makes the registry reload once before it fails closed")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(reader.purposes().find("loyalty.points")).isPresent();
    }

    @Test
    void atLeastThePositionOfAWrite_seesThatWrite_madeThroughAnotherSystem() {
        twoSystems(b -> {});
        writer.ledger().grant("user-1", EMAIL, WEB);
        reader.enforcer().require("user-1", EMAIL);

        long position = writer.ledger().withdraw("user-1", EMAIL, WEB).position();

        assertThat(reader.enforcer().check("user-1", EMAIL).allowed())
                .as("cached, not yet asked to be fresher")
                .isTrue();
        assertThatThrownBy(() -> reader.enforcer().require("user-1", EMAIL, Consistency.atLeast(position)))
                .isInstanceOf(ProcessingDeniedException.class);
        assertThat(reader.enforcer()
                        .check("user-1", EMAIL, Consistency.atLeast(position))
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(reader.enforcer().check("user-1", EMAIL).reason())
                .as("the fresher state replaced the cached one")
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void atLeastAPositionTheCacheAlreadyHolds_answersFromTheCache() {
        writer = systemWithPurposes();
        CountingStore counting = new CountingStore(store);
        reader = systemOver(counting, b -> {});
        long position = writer.ledger().grant("user-1", EMAIL, WEB).position();
        reader.enforcer().check("user-1", EMAIL);
        counting.reset();

        assertThat(reader.enforcer()
                        .check("user-1", EMAIL, Consistency.atLeast(position))
                        .reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(counting.loadCurrentStateCalls()).isZero();
    }

    @Test
    void fullConsistency_readsTheStore_bypassingTheCache() {
        twoSystems(b -> {});
        writer.ledger().grant("user-1", EMAIL, WEB);
        reader.enforcer().require("user-1", EMAIL);

        writer.ledger().withdraw("user-1", EMAIL, WEB);

        assertThat(reader.enforcer().check("user-1", EMAIL, Consistency.full()).reason())
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThatThrownBy(() -> reader.enforcer().require("user-1", EMAIL, Consistency.full()))
                .isInstanceOf(ProcessingDeniedException.class);
        writer.ledger().grant("user-1", EMAIL, WEB);
        assertThatCode(() -> reader.enforcer().require("user-1", EMAIL, Consistency.full()))
                .doesNotThrowAnyException();
    }

    @Test
    void write_changesOnlyItsOwnSubjectsCachedState() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        Enforcer enforcer = cs.enforcer();
        for (String s : List.of("user-1", "user-2", "user-3")) {
            enforcer.check(s, EMAIL);
        }
        counting.reset();

        cs.ledger().grant("user-1", EMAIL, WEB);
        cs.ledger().grant("user-3", Fixtures.SMS, WEB);

        assertThat(enforcer.check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(enforcer.check("user-2", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);
        assertThat(enforcer.check("user-3", Fixtures.SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(counting.loadsOf("user-2"))
                .as("another subject's snapshot is not reloaded")
                .isZero();
    }

    @Test
    void cacheExpireAfterWrite_isTheHardBound_onAWithdrawalMadeElsewhere() {
        twoSystems(b -> b.cacheExpireAfterWrite(Duration.ofMinutes(1)));
        writer.ledger().grant("user-1", EMAIL, WEB);
        assertThat(reader.enforcer().check("user-1", EMAIL).allowed()).isTrue();

        writer.ledger().withdraw("user-1", EMAIL, WEB);
        clock.advance(Duration.ofSeconds(59));
        boolean staleWithinBound = reader.enforcer().check("user-1", EMAIL).allowed();
        clock.advance(Duration.ofSeconds(1).plusMillis(1));

        assertThat(staleWithinBound)
                .as("still the cached grant inside the bound")
                .isTrue();
        assertThat(reader.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void cacheExpireAfterWrite_isTheHardBound_evenWhenTheDefinitionsChangeMeanwhile() {
        twoSystems(b -> b.cacheExpireAfterWrite(Duration.ofMinutes(1)));
        writer.ledger().grant("user-1", EMAIL, WEB);
        assertThat(reader.enforcer().check("user-1", EMAIL).allowed()).isTrue();
        writer.ledger().withdraw("user-1", EMAIL, WEB);
        clock.advance(Duration.ofSeconds(50));

        reader.purposes().define(Fixtures.simple("loyalty.points", dev.consent.LegalBasis.CONSENT));

        assertThat(reader.enforcer().check("user-1", EMAIL).reason())
                .as("new definitions reload the snapshot instead of giving the old state a new lease")
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void grant_expiresOnTime_whetherItsExpiryFallsInsideOrOutsideTheCachesBound() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> b.cacheExpireAfterWrite(Duration.ofHours(1)));
        cs.purposes()
                .define(Fixtures.simple("trial.offers", dev.consent.LegalBasis.CONSENT).toBuilder()
                        .maxAge(Duration.ofHours(3))
                        .build());
        cs.ledger().grant("user-1", "trial.offers", WEB);
        assertThat(cs.enforcer().check("user-1", "trial.offers").allowed()).isTrue();
        counting.reset();

        clock.advance(Duration.ofMinutes(59));
        assertThat(cs.enforcer().check("user-1", "trial.offers").allowed())
                .as("cached, expiry hours away")
                .isTrue();
        assertThat(counting.loadCurrentStateCalls()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(cs.enforcer().check("user-1", "trial.offers").reason())
                .as("reloaded after the bound; now the expiry falls inside the snapshot's life")
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        clock.advance(Duration.ofMinutes(1).minusMillis(1));
        assertThat(cs.enforcer().check("user-1", "trial.offers").reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        clock.advance(Duration.ofMillis(1));
        assertThat(cs.enforcer().check("user-1", "trial.offers").reason()).isEqualTo(DecisionReason.CONSENT_EXPIRED);
        assertThat(counting.loadCurrentStateCalls())
                .as("one reload, after the bound")
                .isEqualTo(1);
    }

    @Test
    void cacheExpireAfterWrite_isTheHardBound_onAGrantMadeElsewhere() {
        twoSystems(b -> b.cacheExpireAfterWrite(Duration.ofMinutes(5)));
        assertThat(reader.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.NO_CONSENT);

        writer.ledger().grant("user-1", EMAIL, WEB);
        clock.advance(Duration.ofMinutes(5).plusMillis(1));

        assertThat(reader.enforcer().check("user-1", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void ownWrites_areVisibleAtOnce_warmOrCold() {
        ConsentSystem cs = systemWithPurposes();
        cs.enforcer().check("warm", EMAIL);

        cs.ledger().grant("warm", EMAIL, WEB);
        cs.ledger().grant("cold", EMAIL, WEB);

        assertThat(cs.enforcer().check("warm", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cs.enforcer().check("cold", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        cs.ledger().withdraw("warm", EMAIL, WEB);
        cs.ledger().withdraw("cold", EMAIL, WEB);
        assertThat(cs.enforcer().check("warm", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(cs.enforcer().check("cold", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void atLeastAPositionTheCacheHolds_afterNewDefinitions_reloads() {
        twoSystems(b -> {});
        long position = writer.ledger().grant("user-1", EMAIL, WEB).position();
        assertThat(reader.enforcer().check("user-1", EMAIL).allowed()).isTrue();
        writer.ledger().withdraw("user-1", EMAIL, WEB);

        reader.purposes().define(Fixtures.simple("loyalty.points", dev.consent.LegalBasis.CONSENT));

        assertThat(reader.enforcer()
                        .check("user-1", EMAIL, Consistency.atLeast(position))
                        .reason())
                .as("a snapshot of older definitions is reloaded, not handed back for the token")
                .isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
    }

    @Test
    void purposesVersionsAndGroupsDefinedThroughAnotherSystem_canBeRecordedHere_eachAtOnce() {
        twoSystems(b -> {});

        writer.purposes().define(Fixtures.simple("loyalty.points", dev.consent.LegalBasis.CONSENT));
        reader.ledger().grant("user-1", "loyalty.points", WEB);
        writer.purposes().define(Fixtures.email().toBuilder().version(2).build());
        reader.ledger()
                .record(dev.consent.Interaction.builder("user-1")
                        .context(WEB)
                        .grant(EMAIL, 2)
                        .build());
        writer.purposes()
                .define(Fixtures.simple("club.news", dev.consent.LegalBasis.CONSENT).toBuilder()
                        .group("club")
                        .build());
        reader.ledger().grantGroup("user-2", "club", WEB);

        assertThat(reader.enforcer().check("user-1", "loyalty.points").reason())
                .isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(reader.enforcer().check("user-1", EMAIL).purposeVersion()).isEqualTo(2);
        assertThat(reader.enforcer().check("user-2", "club.news").reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @Test
    void grant_expiresOnTime_underACacheBoundOfPracticallyForever() {
        ConsentSystem cs = system(b -> b.cacheExpireAfterWrite(Duration.ofMillis(Long.MAX_VALUE / 2)));
        cs.purposes()
                .define(Fixtures.simple("trial.offers", dev.consent.LegalBasis.CONSENT).toBuilder()
                        .maxAge(Duration.ofHours(3))
                        .build());
        cs.ledger().grant("user-1", "trial.offers", WEB);
        assertThat(cs.enforcer().check("user-1", "trial.offers").allowed()).isTrue();

        clock.advance(Duration.ofHours(3));

        assertThat(cs.enforcer().check("user-1", "trial.offers").reason())
                .as("the snapshot cached before the expiry")
                .isEqualTo(DecisionReason.CONSENT_EXPIRED);
    }
}
