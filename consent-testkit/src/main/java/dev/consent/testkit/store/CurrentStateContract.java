package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.decision;
import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.lifecycle;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ConsentStore#loadCurrentState} and {@link ConsentStore#loadCurrentStates}: what the enforcer decides on. */
abstract class CurrentStateContract extends ContractPart {
    CurrentStateContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void loadCurrentState_holdsTheLatestRecordPerPurposeAndPerLifecycleAction() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"), grant("p.two"), grant("p.three"));
        write(newChain("bob"), "form-1", grant("p.one"), grant("p.four"));
        alice = write(
                alice,
                "form-2",
                decision("p.one", Action.WITHDRAWN),
                grant("p.two").version(2));
        alice = write(alice, "erased-1", lifecycle(Action.SUBJECT_ERASED));
        alice = write(alice, "deceased", lifecycle(Action.SUBJECT_DECEASED));
        write(alice, "erased-2", lifecycle(Action.SUBJECT_ERASED));
        List<ConsentRecord> all = store().readSubject("alice");

        CurrentState current = store().loadCurrentState("alice");

        assertThat(current.subject()).isEqualTo("alice");
        assertThat(latestInOrder(current))
                .as("p.three, p.one withdrawn, p.two v2, deceased, the second erasure")
                .containsExactly(all.get(2), all.get(3), all.get(4), all.get(6), all.get(7));
        assertThat(current.latest()).filteredOn(r -> r.action().isLifecycle()).allSatisfy(r -> {
            assertThat(r.purposeId()).isNull();
            assertThat(r.purposeVersion()).isZero();
        });
        assertThat(current.sequence()).isEqualTo(8);
    }

    @Test
    void loadCurrentState_isAsOfTheHeadPosition_coveringTheSubjectsRecords() {
        Chain alice = write(newChain("alice"), "form-1", grant("p.one"));
        write(newChain("bob"), "form-1", grant("p.one"));
        write(alice, "form-2", grant("p.two"));
        write(newChain("carol"), "form-1", grant("p.one"));

        CurrentState current = store().loadCurrentState("alice");

        long newest = current.latest().stream()
                .mapToLong(ConsentRecord::position)
                .max()
                .orElseThrow();
        assertThat(newest).isEqualTo(3);
        assertThat(current.asOfPosition())
                .isGreaterThanOrEqualTo(newest)
                .isEqualTo(store().headPosition())
                .isEqualTo(4);
    }

    @Test
    void loadCurrentState_ofAnUnknownSubject_isEmptyAsOfTheHeadPosition() {
        assertThat(store().loadCurrentState("nobody")).isEqualTo(new CurrentState("nobody", List.of(), 0));
        write(newChain("alice"), "form-1", grant("p.one"), grant("p.two"));

        CurrentState current = store().loadCurrentState("nobody");

        assertThat(current.subject()).isEqualTo("nobody");
        assertThat(current.latest()).isEmpty();
        assertThat(current.sequence()).isZero();
        assertThat(current.asOfPosition()).isEqualTo(store().headPosition()).isEqualTo(2);
    }

    @Test
    void loadCurrentStates_answersEverySubjectAsked_knownOrUnknown() {
        write(newChain("alice"), "form-1", grant("p.one"), grant("p.two"));
        write(newChain("bob"), "form-1", grant("p.one"));
        write(newChain("carol"), "form-1", grant("p.three"));

        Map<String, CurrentState> states = store().loadCurrentStates(List.of("bob", "nobody", "alice"));

        assertThat(states).containsOnlyKeys("bob", "nobody", "alice");
        for (String s : List.of("bob", "nobody", "alice")) {
            CurrentState one = store().loadCurrentState(s);
            assertThat(states.get(s).subject()).isEqualTo(s);
            assertThat(latestInOrder(states.get(s))).as(s).containsExactlyElementsOf(latestInOrder(one));
            assertThat(states.get(s).asOfPosition()).as(s).isEqualTo(store().headPosition());
        }
        assertThat(states.get("nobody").latest()).isEmpty();
    }

    @Test
    void loadCurrentStates_forThousandsOfSubjects_answersEachOneCorrectly() {
        int known = 1_250;
        Map<String, List<ConsentRecord>> expected = new HashMap<>();
        List<String> asked = new ArrayList<>();
        for (int from = 0; from < known; from += 250) {
            List<SubjectAppend> batch = new ArrayList<>();
            for (int i = from; i < from + 250; i++) {
                String subject = "user-" + i;
                batch.add(
                        i % 3 == 0
                                ? newChain(subject).append("form", grant("p.one"), grant("p.two"))
                                : newChain(subject).append("form", grant("p.one")));
            }
            for (ConsentRecord r : store().append(batch)) {
                expected.computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(r);
            }
        }
        for (int i = 0; i < known; i++) {
            asked.add("user-" + i);
            asked.add("unknown-" + i);
        }

        Map<String, CurrentState> states = store().loadCurrentStates(asked);

        assertThat(states).hasSize(2 * known).containsOnlyKeys(asked);
        for (String subject : asked) {
            CurrentState current = states.get(subject);
            assertThat(current.subject()).isEqualTo(subject);
            assertThat(latestInOrder(current))
                    .as(subject)
                    .containsExactlyElementsOf(expected.getOrDefault(subject, List.of()));
            assertThat(current.asOfPosition()).as(subject).isEqualTo(store().headPosition());
        }
    }

    @Test
    void readSubjects_answersEachSubjectAsReadSubjectDoes_forMoreThanAChunkOfSubjects() {
        int known = 1_250;
        for (int from = 0; from < known; from += 250) {
            List<SubjectAppend> batch = new ArrayList<>();
            for (int i = from; i < from + 250; i++) {
                String subject = "user-" + i;
                batch.add(
                        i % 3 == 0
                                ? newChain(subject).append("form", grant("p.one"), grant("p.two"))
                                : newChain(subject).append("form", grant("p.one")));
            }
            store().append(batch);
        }
        Chain again = write(newChain("user-late"), "form-1", grant("p.one"));
        write(newChain("user-between"), "form-1", grant("p.two"));
        write(again, "form-2", decision("p.one", Action.WITHDRAWN));
        List<String> asked = new ArrayList<>(List.of("user-late", "nobody", "user-late", "user-between"));
        for (int i = known - 1; i >= 0; i--) {
            asked.add("user-" + i);
        }

        Map<String, List<ConsentRecord>> read = store().readSubjects(asked);

        assertThat(read.keySet()).containsExactlyElementsOf(new java.util.LinkedHashSet<>(asked));
        for (String subject : read.keySet()) {
            assertThat(read.get(subject)).as(subject).containsExactlyElementsOf(store().readSubject(subject));
        }
        assertThat(read.get("nobody")).isEmpty();
        assertThat(read.get("user-late"))
                .extracting(ConsentRecord::subjectSequence)
                .containsExactly(1L, 2L);
        assertThat(read.get("user-0")).hasSize(2);
        assertThat(store().readSubjects(List.of())).isEmpty();
    }

    @Test
    void loadCurrentStatesForAPurpose_holdsThatPurposesLatestRecordAndTheLifecycle_forThousandsOfSubjects() {
        int known = 1_250;
        Map<String, ConsentRecord> latestOne = new HashMap<>();
        Map<String, ConsentRecord> erasure = new HashMap<>();
        List<String> asked = new ArrayList<>();
        for (int from = 0; from < known; from += 250) {
            List<SubjectAppend> batch = new ArrayList<>();
            for (int i = from; i < from + 250; i++) {
                String subject = "user-" + i;
                batch.add(
                        i % 3 == 0
                                ? newChain(subject)
                                        .append(
                                                "form",
                                                grant("p.one"),
                                                grant("p.two"),
                                                decision("p.one", Action.WITHDRAWN))
                                : i % 3 == 1
                                        ? newChain(subject)
                                                .append("form", grant("p.two"), lifecycle(Action.SUBJECT_ERASED))
                                        : newChain(subject).append("form", grant("p.one")));
            }
            for (ConsentRecord r : store().append(batch)) {
                if ("p.one".equals(r.purposeId())) {
                    latestOne.put(r.subject(), r);
                } else if (r.action() == Action.SUBJECT_ERASED) {
                    erasure.put(r.subject(), r);
                }
            }
        }
        for (int i = 0; i < known; i++) {
            asked.add("user-" + i);
            asked.add("unknown-" + i);
        }

        Map<String, CurrentState> states = store().loadCurrentStates(asked, "p.one");

        assertThat(states).hasSize(2 * known).containsOnlyKeys(asked);
        for (String subject : asked) {
            CurrentState current = states.get(subject);
            assertThat(current.subject()).isEqualTo(subject);
            assertThat(current.latest())
                    .as(subject)
                    .filteredOn(r -> "p.one".equals(r.purposeId()))
                    .containsExactlyElementsOf(
                            latestOne.containsKey(subject) ? List.of(latestOne.get(subject)) : List.of());
            assertThat(current.latest())
                    .as(subject)
                    .filteredOn(r -> r.action().isLifecycle())
                    .containsExactlyElementsOf(
                            erasure.containsKey(subject) ? List.of(erasure.get(subject)) : List.of());
            assertThat(current.latest())
                    .as("only p.one and lifecycle records, if a store leaves the others out")
                    .allSatisfy(r -> assertThat(r.purposeId()).isIn("p.one", "p.two", null));
            assertThat(current.asOfPosition()).as(subject).isEqualTo(store().headPosition());
        }
    }

    @Test
    void loadCurrentStates_ofNoSubjects_isEmpty() {
        write(newChain("alice"), "form-1", grant("p.one"));

        assertThat(store().loadCurrentStates(List.of())).isEmpty();
    }
}
