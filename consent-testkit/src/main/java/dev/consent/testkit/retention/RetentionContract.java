package dev.consent.testkit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.Tombstone;
import dev.consent.retention.Retention;
import dev.consent.retention.RetentionRule;
import dev.consent.retention.RetentionRun;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EvidenceRef;
import dev.consent.testkit.behaviour.ForwardingStore;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retention over a store: evidence removed at the exact cut-off and only in its category, subjects erased after
 * the limitation period and no others, a dry run that counts what the run then does and writes nothing, batches
 * smaller than the work, a second run that changes nothing, a run that failed halfway finished by the next, and
 * a ledger that verifies afterwards with every remaining grant still allowed. The store's own retention methods:
 * {@link RetentionStoreContract}. A store's test is a subclass implementing {@link #newStore()}.
 */
public abstract class RetentionContract extends RetentionFixture {
    @Test
    void evidence_oneMillisecondOutsideThePeriodIsRemoved_atTheCutoffAndInsideItIsKept() {
        ConsentSystem cs = consent();
        Instant t0 = clock.instant();
        cs.ledger().grant("outside", MARKETING, WEB);
        clock.advance(Duration.ofMillis(1));
        cs.ledger().grant("at-cutoff", MARKETING, WEB);
        clock.advance(Duration.ofMillis(1));
        cs.ledger().grant("inside", MARKETING, WEB);
        moveTo(t0.plusMillis(1), Period.ofYears(3));

        RetentionRun run =
                retention(cs, store, RetentionRule.evidence(Period.ofYears(3))).run(10);

        assertThat(run.rules()).hasSize(1);
        assertThat(run.rules().get(0).cutoff()).isEqualTo(t0.plusMillis(1));
        assertThat(run.rules().get(0).records()).isEqualTo(1);
        assertThat(store.readEvidence("outside")).isEmpty();
        assertThat(store.readEvidence("at-cutoff")).hasSize(1);
        assertThat(store.readEvidence("inside")).hasSize(1);
    }

    @Test
    void evidenceRemoved_subjectIsNotErased_grantsStillAllowed_chainsVerify_exportHoldsNoEvidence() {
        ConsentSystem cs = consent();
        cs.ledger().grant("user-1", MARKETING, WEB);
        cs.ledger().grant("user-1", SERVICE, WEB);
        clock.advance(Duration.ofDays(4 * 366));

        RetentionRun run =
                retention(cs, store, RetentionRule.evidence(Period.ofYears(3))).run(1);

        assertThat(run.records()).isEqualTo(2);
        assertThat(run.rules().get(0).batches()).isEqualTo(2);
        assertThat(store.readEvidence("user-1")).isEmpty();
        assertThat(cs.ledger().evidence("user-1")).isEmpty();
        assertThat(cs.ledger().export("user-1").toJson()).doesNotContain(IP);
        assertThat(cs.ledger().export("user-1").erased()).isFalse();
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().verify("user-1").ok()).isTrue();
        assertThat(cs.ledger().history("user-1"))
                .allSatisfy(r -> assertThat(r.evidenceDigest())
                        .as("the salted digest stays in the record")
                        .isNotNull());
        for (ConsentSystem s : List.of(cs, system())) {
            assertThat(s.enforcer().check("user-1", MARKETING).allowed()).isTrue();
            assertThat(s.enforcer().check("user-1", SERVICE).allowed()).isTrue();
        }
        assertThat(cs.ledger().tombstones()).isEmpty();
    }

    @Test
    void categoryRule_removesTheEvidenceOfThatCategoryOnly() {
        ConsentSystem cs = consent();
        cs.ledger().grant("user-1", MARKETING, WEB);
        cs.ledger().grant("user-1", SERVICE, WEB);
        cs.ledger().grant("user-2", SERVICE, WEB);
        clock.advance(Duration.ofDays(400));

        RetentionRun run = retention(
                        cs, store, RetentionRule.evidence(Period.ofYears(1)).inCategory("Marketing"))
                .run(5);

        assertThat(run.rules().get(0).purposes()).containsExactly(MARKETING);
        assertThat(run.records()).isEqualTo(1);
        List<java.util.UUID> serviceRecords = cs.ledger().history("user-1").stream()
                .filter(r -> SERVICE.equals(r.purposeId()))
                .map(dev.consent.ConsentRecord::id)
                .toList();
        assertThat(store.readEvidence("user-1").keySet()).containsExactlyElementsOf(serviceRecords);
        assertThat(store.readEvidence("user-2")).hasSize(1);
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void dryRun_countsWhatTheRunDoes_writesNothing_batchesSmallerThanTheWork_secondRunChangesNothing() {
        ConsentSystem cs = consent();
        for (int i = 1; i <= 7; i++) {
            cs.ledger().grant(subject(i), i % 2 == 0 ? MARKETING : SERVICE, WEB);
        }
        Instant t0 = clock.instant();
        moveTo(t0, Period.ofYears(7));
        cs.ledger().grant("active-1", MARKETING, WEB);
        cs.ledger().grant("active-2", SERVICE, WEB);
        clock.advance(Duration.ofDays(30));
        Retention retention = retention(
                cs,
                store,
                RetentionRule.evidence(Period.ofYears(3)),
                RetentionRule.inactiveSubjects(Period.ofYears(6)));
        long head = store.headPosition();

        RetentionRun dry = retention.dryRun();

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.records()).isEqualTo(7);
        assertThat(dry.rules().get(1).subjects())
                .containsExactlyInAnyOrder(
                        subject(1), subject(2), subject(3), subject(4), subject(5), subject(6), subject(7));
        assertThat(store.headPosition()).as("a dry run writes nothing").isEqualTo(head);
        for (int i = 1; i <= 7; i++) {
            assertThat(store.readEvidence(subject(i))).hasSize(1);
        }
        assertThat(cs.ledger().tombstones()).isEmpty();

        RetentionRun run = retention.run(2);

        assertThat(run.dryRun()).isFalse();
        assertThat(run.rules().get(0).rule().kind()).isEqualTo(RetentionRule.Kind.EVIDENCE);
        assertThat(run.rules().get(0).records()).isEqualTo(dry.rules().get(0).records());
        assertThat(run.rules().get(0).batches()).isEqualTo(4);
        assertThat(run.rules().get(1).subjects())
                .containsExactlyInAnyOrderElementsOf(dry.rules().get(1).subjects());
        assertThat(run.rules().get(1).batches()).isEqualTo(4);
        assertThat(run.rules().get(0).cutoff()).isEqualTo(dry.rules().get(0).cutoff());
        assertThat(run.toJson().get("rules").get(1).get("subjectsErased").asInt())
                .isEqualTo(7);
        assertThat(run.toTable()).contains("subjects inactive for P6Y").doesNotContain(subject(1));

        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().tombstones()).extracting(Tombstone::subject).hasSize(7);
        for (ConsentSystem s : List.of(cs, system())) {
            for (int i = 1; i <= 7; i++) {
                String purpose = i % 2 == 0 ? MARKETING : SERVICE;
                assertThat(s.enforcer().check(subject(i), purpose).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
                assertThat(s.ledger().export(subject(i)).erased()).isTrue();
            }
            assertThat(s.enforcer().check("active-1", MARKETING).allowed()).isTrue();
            assertThat(s.enforcer().check("active-2", SERVICE).allowed()).isTrue();
        }
        assertThat(store.readEvidence("active-1")).hasSize(1);
        assertThat(store.readEvidence("active-2")).hasSize(1);
        for (int i = 1; i <= 7; i++) {
            assertThat(store.readEvidence(subject(i))).isEmpty();
            assertThat(cs.ledger().history(subject(i)).get(0).collectionPoint()).isEqualTo("signup_form_v3");
            assertThat(cs.ledger().history(subject(i)).get(1).collectionPoint()).isEqualTo("retention");
        }

        long after = store.headPosition();
        RetentionRun again = retention.run(2);
        assertThat(again.records()).isZero();
        assertThat(again.subjects()).isZero();
        assertThat(store.headPosition()).isEqualTo(after);
        assertThat(retention.dryRun().records()).isZero();
    }

    @Test
    void overlappingEvidenceRules_dryRunCountsEachRecordOnce_asTheRunRemovesIt() {
        ConsentSystem cs = consent();
        cs.ledger().grant("user-1", MARKETING, WEB);
        cs.ledger().grant("user-1", SERVICE, WEB);
        clock.advance(Duration.ofDays(4 * 366));
        Retention retention = retention(
                cs,
                store,
                RetentionRule.evidence(Period.ofYears(1)).inCategory("Marketing"),
                RetentionRule.evidence(Period.ofYears(3)));

        RetentionRun dry = retention.dryRun();
        RetentionRun run = retention.run(3);

        assertThat(dry.rules()).extracting(RetentionRun.RuleResult::records).containsExactly(1L, 1L);
        assertThat(run.rules()).extracting(RetentionRun.RuleResult::records).containsExactly(1L, 1L);
    }

    @Test
    void evidenceRunFailedHalfway_theNextRunRemovesWhatIsLeft() {
        ConsentSystem cs = consent();
        for (int i = 1; i <= 7; i++) {
            cs.ledger().grant(subject(i), MARKETING, WEB);
        }
        clock.advance(Duration.ofDays(4 * 366));
        AtomicInteger removals = new AtomicInteger();
        ConsentStore crashing = new ForwardingStore(store) {
            @Override
            public int removeEvidence(Collection<EvidenceRef> records) {
                if (removals.incrementAndGet() == 2) {
                    throw new IllegalStateException("simulated crash: connection reset");
                }
                return super.removeEvidence(records);
            }
        };
        RetentionRule rule = RetentionRule.evidence(Period.ofYears(3));

        assertThatThrownBy(() -> retention(cs, crashing, rule).run(2)).isInstanceOf(StoreUnavailableException.class);
        long left = 0;
        for (int i = 1; i <= 7; i++) {
            left += store.readEvidence(subject(i)).size();
        }
        assertThat(left).isEqualTo(5);

        RetentionRun rest = retention(cs, store, rule).run(2);
        assertThat(rest.records()).isEqualTo(5);
        assertThat(retention(cs, store, rule).run(2).records()).isZero();
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void subjectRunFailedHalfway_theNextRunErasesWhoIsLeft() {
        ConsentSystem cs = consent();
        for (int i = 1; i <= 7; i++) {
            cs.ledger().grant(subject(i), SERVICE, WEB);
        }
        clock.advance(Duration.ofDays(7 * 366));
        AtomicInteger reads = new AtomicInteger();
        ConsentStore crashing = new ForwardingStore(store) {
            @Override
            public List<String> readSubjectsLastRecordedBefore(Instant cutoff, String afterSubject, int limit) {
                if (reads.incrementAndGet() == 2) {
                    throw new IllegalStateException("simulated crash: connection reset");
                }
                return super.readSubjectsLastRecordedBefore(cutoff, afterSubject, limit);
            }
        };
        RetentionRule rule = RetentionRule.inactiveSubjects(Period.ofYears(6));

        assertThatThrownBy(() -> retention(cs, crashing, rule).run(2)).isInstanceOf(StoreUnavailableException.class);
        assertThat(cs.ledger().tombstones()).hasSize(2);

        RetentionRun rest = retention(cs, store, rule).run(2);
        assertThat(rest.subjects()).isEqualTo(5);
        assertThat(cs.ledger().tombstones()).hasSize(7);
        assertThat(retention(cs, store, rule).run(2).subjects()).isZero();
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void badInput_isRejected_namingTheFieldAndValue() {
        ConsentSystem cs = consent();
        assertThatThrownBy(() -> RetentionRule.evidence(Period.ofYears(-1)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("period"))
                .hasMessageContaining("P-1Y");
        assertThatThrownBy(() -> RetentionRule.inactiveSubjects(Period.of(1, -1, 0)))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("period"))
                .hasMessageContaining("P1Y-1M");
        assertThatThrownBy(() -> RetentionRule.evidence(Period.ZERO)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(
                        () -> RetentionRule.inactiveSubjects(Period.ofYears(6)).inCategory("Marketing"))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("category"));
        Retention retention = retention(cs, store, RetentionRule.evidence(Period.ofYears(3)));
        assertThatThrownBy(() -> retention.run(0))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("batchSize"))
                .hasMessageContaining("(was \"0\")");
        assertThatThrownBy(() -> retention.run(Retention.MAX_BATCH_SIZE + 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Retention.builder()
                        .rule(RetentionRule.evidence(Period.ofYears(3)))
                        .rule(RetentionRule.evidence(Period.ofYears(3))))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("rule"));
        assertThatThrownBy(() -> Retention.builder().consent(cs).store(store).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Retention.builder().clock(clock).clock(clock))
                .isInstanceOf(IllegalStateException.class);
    }
}
