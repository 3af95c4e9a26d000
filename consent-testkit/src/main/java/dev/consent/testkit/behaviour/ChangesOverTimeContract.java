package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Actor;
import dev.consent.AgeStatement;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.GuardianVerification;
import dev.consent.Invalidation;
import dev.consent.LegalBasis;
import dev.consent.audit.DriftAudit;
import dev.consent.audit.DriftViolation;
import dev.consent.audit.ProcessingEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decisions that change while nothing is written for the subject: a guardian's grant that expires and later
 * lapses at the child's coming of age, both inside one cached snapshot's life, each at its exact millisecond;
 * and the drift audit, which asks one history at successive instants, on both sides of an age statement, of a
 * coming of age and of an invalidation.
 */
public abstract class ChangesOverTimeContract extends BehaviourContract {
    /** Turns 16 (Germany's age) at 2024-03-06T00:00Z, 9 h 46 min after {@link Fixtures#START}. */
    private static final LocalDate ALMOST_16 = LocalDate.of(2008, 3, 6);

    private static final Instant COMES_OF_AGE = Instant.parse("2024-03-06T00:00:00Z");
    private static final String TRIAL = "trial.offers";
    private static final CollectionContext AGE_GATE = CollectionContext.of(Channel.WEB, "age_gate_v1");
    private static final CollectionContext PARENT = CollectionContext.builder(Channel.WEB)
            .collectionPoint("parental_consent_v1")
            .actor(Actor.guardian("parent-1", GuardianVerification.PAYMENT_TRANSACTION))
            .build();

    @Test
    void guardianGrantExpiringBeforeTheBirthday_isExpired_thenNeedsReconsent_cached_eachAtItsMillisecond() {
        ConsentSystem cs = system(b -> b.cacheExpireAfterWrite(Duration.ofDays(2)));
        cs.purposes()
                .define(Fixtures.simple(TRIAL, LegalBasis.CONSENT).toBuilder()
                        .maxAge(Duration.ofHours(1))
                        .build());
        cs.ledger().stateAge("teen", AgeStatement.birthDate(ALMOST_16, "DE"), AGE_GATE);
        Instant expiry =
                cs.ledger().grant("teen", TRIAL, PARENT).records().get(0).expiresAt();
        assertThat(cs.enforcer().check("teen", TRIAL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        long misses = cs.enforcer().stats().cacheMisses();
        List<Instant> instants = List.of(
                expiry.minusMillis(1), expiry, COMES_OF_AGE.minusMillis(1), COMES_OF_AGE, COMES_OF_AGE.plusSeconds(1));
        List<DecisionReason> expected = List.of(
                DecisionReason.CONSENT_GRANTED,
                DecisionReason.CONSENT_EXPIRED,
                DecisionReason.CONSENT_EXPIRED,
                DecisionReason.RECONSENT_REQUIRED,
                DecisionReason.RECONSENT_REQUIRED);

        List<DecisionReason> cached = new ArrayList<>();
        for (Instant at : instants) {
            clock.advance(Duration.between(clock.instant(), at));
            cached.add(cs.enforcer().check("teen", TRIAL).reason());
        }

        assertThat(cached).containsExactlyElementsOf(expected);
        assertThat(cs.enforcer().stats().cacheMisses())
                .as("answered from the snapshot cached at the grant")
                .isEqualTo(misses);
        for (int i = 0; i < instants.size(); i++) {
            assertThat(cs.enforcer().checkAt("teen", TRIAL, instants.get(i)).reason())
                    .as("checkAt %s", instants.get(i))
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void driftAudit_ofAChildsOwnGrant_allowsBeforeTheAgeStatement_andNotAfter() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("kid", EMAIL, WEB);
        Instant before = clock.advance(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().stateAge("kid", AgeStatement.ageBand(13, 15, "DE"), AGE_GATE);
        Instant after = clock.advance(Duration.ofMinutes(1));

        assertThat(violations(cs, "kid", EMAIL, before, after))
                .extracting(DriftViolation::eventNumber, DriftViolation::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, DecisionReason.GUARDIAN_CONSENT_REQUIRED));
    }

    @Test
    void driftAudit_ofAGuardiansGrant_allowsUntilTheComingOfAge_andNotFromIt() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().stateAge("teen", AgeStatement.birthDate(ALMOST_16, "DE"), AGE_GATE);
        cs.ledger().grant("teen", EMAIL, PARENT);
        clock.advance(Duration.ofDays(1));

        assertThat(violations(cs, "teen", EMAIL, COMES_OF_AGE.minusMillis(1), COMES_OF_AGE))
                .extracting(DriftViolation::eventNumber, DriftViolation::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, DecisionReason.RECONSENT_REQUIRED));
    }

    @Test
    void driftAudit_ofAnInvalidatedGrant_allowsBeforeTheInvalidation_andNotFromIt() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("ticked", EMAIL, ReinterpretationContract.TICKED);
        clock.advance(Duration.ofMinutes(1));
        Invalidation inv =
                cs.purposes().invalidate(ReinterpretationContract.preTicked().build());
        clock.advance(Duration.ofMinutes(1));

        List<DriftViolation> found =
                violations(cs, "ticked", EMAIL, inv.invalidatedAt().minusMillis(1), inv.invalidatedAt());

        assertThat(found)
                .extracting(DriftViolation::eventNumber, DriftViolation::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, DecisionReason.RECONSENT_REQUIRED));
        assertThat(found.get(0).decision()).isEqualTo(cs.enforcer().checkAt("ticked", EMAIL, inv.invalidatedAt()));
    }

    /** The violations the drift audit finds in two processing events of one subject and purpose. */
    private static List<DriftViolation> violations(
            ConsentSystem cs, String subject, String purpose, Instant first, Instant second) {
        List<DriftViolation> out = new ArrayList<>();
        DriftAudit.of(cs)
                .run(
                        List.of(
                                        new ProcessingEvent(subject, purpose, first, "mailer"),
                                        new ProcessingEvent(subject, purpose, second, "mailer"))
                                .iterator(),
                        out::add);
        return out;
    }
}
