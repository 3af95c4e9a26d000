package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bulk checks: the same answers as one check per subject, in order, with few store calls. */
public abstract class BulkCheckContract extends BehaviourContract {
    /** Subjects loaded per store call that the enforcer may at worst use; one call per subject is the failure. */
    private static final int CHUNK = 1_000;

    /** How many subjects the big bulk test checks. */
    protected int bulkSubjects() {
        return 5_000;
    }

    @Test
    void checkAll_manySubjects_answersAsPerSubjectChecks_inOrder_withFewStoreCalls() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        int n = bulkSubjects();
        List<String> subjects = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            subjects.add(String.format("bulk-%05d", i));
        }
        for (int i = 3; i < n; i += 250) {
            cs.ledger().grant(subjects.get(i), EMAIL, WEB); // will have expired
        }
        clock.advance(Fixtures.EMAIL_MAX_AGE.plus(Duration.ofDays(1)));
        for (int i = 0; i < n; i += 20) {
            cs.ledger().grant(subjects.get(i), EMAIL, WEB);
        }
        for (int i = 0; i < n; i += 40) {
            cs.ledger().withdraw(subjects.get(i), EMAIL, WEB);
        }
        for (int i = 7; i < n; i += 1000) {
            cs.ledger().erase(subjects.get(i), WEB);
        }
        Set<String> cached = new LinkedHashSet<>();
        for (int i = 0; i < n; i += 3) {
            cs.enforcer().check(subjects.get(i), EMAIL);
            cached.add(subjects.get(i));
        }
        List<String> input = new ArrayList<>(subjects);
        Collections.shuffle(input, new Random(42));
        Random random = new Random(7);
        for (int d = 0; d < 200; d++) {
            input.add(random.nextInt(input.size()), subjects.get(random.nextInt(n)));
        }
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(input));
        counting.reset();

        Map<String, Decision> bulk = cs.enforcer().checkAll(input, EMAIL);

        int uncached = n - cached.size();
        assertThat(counting.loadCurrentStateCalls())
                .as("no subject is loaded on its own")
                .isZero();
        assertThat(counting.loadCurrentStatesCalls()).isBetween(1, (uncached + CHUNK - 1) / CHUNK);
        assertThat(counting.loadCurrentStatesSubjects())
                .as("each uncached subject is loaded once")
                .isEqualTo(uncached);
        assertThat(cached).allSatisfy(s -> assertThat(counting.loadsOf(s)).as(s).isZero());
        assertThat(bulk.keySet()).containsExactlyElementsOf(distinct);
        assertThat(bulk.values())
                .extracting(Decision::reason)
                .contains(
                        DecisionReason.CONSENT_GRANTED,
                        DecisionReason.CONSENT_WITHDRAWN,
                        DecisionReason.CONSENT_EXPIRED,
                        DecisionReason.SUBJECT_ERASED,
                        DecisionReason.NO_CONSENT);
        List<String> allowed = cs.enforcer().filterAllowed(input, EMAIL);
        List<String> expectedAllowed = new ArrayList<>();
        for (String s : distinct) {
            Decision single = cs.enforcer().check(s, EMAIL);
            assertThat(bulk.get(s)).as(s).isEqualTo(single);
            assertThat(cs.enforcer().check(s, EMAIL, Consistency.full())).as(s).isEqualTo(single);
            if (single.allowed()) {
                expectedAllowed.add(s);
            }
        }
        assertThat(allowed).isNotEmpty().containsExactlyElementsOf(expectedAllowed);
    }

    @Test
    void checkAll_unknownPurpose_deniesEverySubject_withoutReadingTheStore() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("user-1", EMAIL, WEB);
        counting.reset();

        Map<String, Decision> bulk = cs.enforcer().checkAll(List.of("user-1", "user-2"), Fixtures.UNDEFINED);

        assertThat(bulk).hasSize(2);
        assertThat(bulk.values()).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
            assertThat(d.purposeId()).isEqualTo(Fixtures.UNDEFINED);
        });
        assertThat(cs.enforcer().filterAllowed(List.of("user-1"), Fixtures.UNDEFINED))
                .isEmpty();
        assertThat(counting.loadCurrentStateCalls() + counting.loadCurrentStatesCalls())
                .isZero();
    }

    @Test
    void checkAll_basisOtherThanConsent_allowsEverySubject_withoutReadingTheStore() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem cs = systemOver(counting, b -> {});
        Fixtures.defineStandard(cs.purposes());
        counting.reset();

        List<String> allowed = cs.enforcer().filterAllowed(List.of("b", "a", "b", "c"), Fixtures.BILLING);

        assertThat(allowed).containsExactly("b", "a", "c");
        assertThat(counting.loadCurrentStateCalls() + counting.loadCurrentStatesCalls())
                .isZero();
    }

    @Test
    void checkAll_ofNoSubjects_isEmpty() {
        ConsentSystem cs = systemWithPurposes();

        assertThat(cs.enforcer().checkAll(List.of(), EMAIL)).isEmpty();
        assertThat(cs.enforcer().filterAllowed(List.of(), EMAIL)).isEmpty();
    }
}
