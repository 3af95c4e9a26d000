package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Validation of the small value types: evidence, actors, contexts, records, results. */
class ValuesTest {

    @Test
    void evidence_copiesAndSortsItsAttributes() {
        Map<String, String> given = new HashMap<>(Map.of("z", "1", "a", "2"));
        Evidence e = new Evidence("203.0.113.9", "UA", given);
        given.put("b", "3");

        assertThat(e.attributes()).containsExactly(Map.entry("a", "2"), Map.entry("z", "1"));
        assertThatThrownBy(() -> e.attributes().put("c", "4")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(Evidence.none().isEmpty()).isTrue();
        assertThat(Evidence.of(null, "UA").isEmpty()).isFalse();
    }

    @Test
    void invalidEvidence_isRejected_namingTheField() {
        assertRejected(() -> Evidence.of("1".repeat(65), null), "evidence.ipAddress");
        assertRejected(() -> Evidence.of(null, "u".repeat(Evidence.MAX_VALUE_LENGTH + 1)), "evidence.userAgent");
        assertRejected(() -> new Evidence(null, null, Map.of("k", "")), "evidence.attributes[k]");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= Evidence.MAX_ATTRIBUTES; i++) {
            many.put("k" + i, "v");
        }
        assertRejected(() -> new Evidence(null, null, many), "evidence.attributes");
    }

    @Test
    void actors_carryTheirAuthority() {
        Actor guardian = Actor.guardian("parent-1", "parental responsibility");

        assertThat(guardian.type()).isEqualTo(ActorType.GUARDIAN);
        assertThat(guardian.id()).isEqualTo("parent-1");
        assertThat(guardian.authority()).isEqualTo("parental responsibility");
        assertThat(Actor.operator("op-7").type()).isEqualTo(ActorType.OPERATOR);
        assertThat(Actor.subject().type()).isEqualTo(ActorType.SUBJECT);
        assertThat(Actor.system().id()).isNull();
        assertRejected(() -> new Actor(ActorType.AGENT, "", null), "actor.id");
        assertRejected(() -> new Actor(ActorType.AGENT, "a", "x\u0007"), "actor.authority");
        assertThatThrownBy(() -> Actor.guardian(null, "x")).hasMessage("guardianId");
    }

    @Test
    void contexts_defaultToTheSubjectWithoutEvidence() {
        CollectionContext c = CollectionContext.of(Channel.PAPER, "branch_form_2");

        assertThat(c.channel()).isEqualTo(Channel.PAPER);
        assertThat(c.collectionPoint()).isEqualTo("branch_form_2");
        assertThat(c.actor()).isEqualTo(Actor.subject());
        assertThat(c.evidence()).isEqualTo(Evidence.none());
        assertThat(c.noticeVersion()).isNull();
        assertThat(c.jurisdiction()).isNull();
        assertRejected(
                () -> CollectionContext.builder(Channel.WEB).noticeVersion(" ").build(), "noticeVersion");
        assertRejected(
                () -> CollectionContext.builder(Channel.WEB)
                        .jurisdiction("j".repeat(65))
                        .build(),
                "jurisdiction");
        assertThatThrownBy(() -> CollectionContext.of(null, "x")).hasMessage("channel");
    }

    @Test
    void records_keepLifecycleAndPurposeActionsApart() {
        Hash h = Hash.of(new byte[Hash.LENGTH]);
        Instant t = Instant.parse("2024-01-01T00:00:00Z");

        assertRejected(
                () -> new ConsentRecord(
                        0,
                        UUID.randomUUID(),
                        "s",
                        1,
                        "p",
                        1,
                        Action.SUBJECT_ERASED,
                        t,
                        null,
                        null,
                        null,
                        Channel.WEB,
                        Actor.subject(),
                        null,
                        "i",
                        null,
                        null,
                        h),
                "purposeId");
        assertRejected(
                () -> new ConsentRecord(
                        0,
                        UUID.randomUUID(),
                        "s",
                        1,
                        null,
                        0,
                        Action.GRANTED,
                        t,
                        null,
                        null,
                        null,
                        Channel.WEB,
                        Actor.subject(),
                        null,
                        "i",
                        null,
                        null,
                        h),
                "purposeId");
        assertRejected(
                () -> new ConsentRecord(
                        0,
                        UUID.randomUUID(),
                        "s",
                        0,
                        "p",
                        1,
                        Action.GRANTED,
                        t,
                        null,
                        null,
                        null,
                        Channel.WEB,
                        Actor.subject(),
                        null,
                        "i",
                        null,
                        null,
                        h),
                "subjectSequence");
        assertRejected(
                () -> new ConsentRecord(
                        -1,
                        UUID.randomUUID(),
                        "s",
                        1,
                        "p",
                        1,
                        Action.GRANTED,
                        t,
                        null,
                        null,
                        null,
                        Channel.WEB,
                        Actor.subject(),
                        null,
                        "i",
                        null,
                        null,
                        h),
                "position");
        assertRejected(
                () -> new ConsentRecord(
                        0,
                        UUID.randomUUID(),
                        "s",
                        1,
                        "p",
                        1,
                        Action.GRANTED,
                        t.plusNanos(1_000),
                        null,
                        null,
                        null,
                        Channel.WEB,
                        Actor.subject(),
                        null,
                        "i",
                        null,
                        null,
                        h),
                "recordedAt");
        assertRejected(
                () -> new ConsentRecord(
                        0,
                        UUID.randomUUID(),
                        "s",
                        1,
                        "p",
                        1,
                        Action.GRANTED,
                        t,
                        t.plusNanos(1),
                        null,
                        null,
                        Channel.WEB,
                        Actor.subject(),
                        null,
                        "i",
                        null,
                        null,
                        h),
                "expiresAt");
        ConsentRecord r = new ConsentRecord(
                0,
                UUID.randomUUID(),
                "s",
                1,
                "p",
                1,
                Action.GRANTED,
                t,
                t.plusSeconds(10),
                null,
                null,
                Channel.WEB,
                Actor.subject(),
                null,
                "i",
                null,
                null,
                h);
        assertThat(r.withPosition(9).position()).isEqualTo(9);
        assertThat(r.withPosition(9).withPosition(0)).isEqualTo(r);
        assertThat(r.isExpiredAt(t.plusSeconds(10).minusMillis(1))).isFalse();
        assertThat(r.isExpiredAt(t.plusSeconds(10))).isTrue();
    }

    @Test
    void actionKinds_areDisjoint() {
        for (Action a : Action.values()) {
            int kinds = (a.concernsSubject() ? 1 : 0)
                    + (a.isConsentDecision() ? 1 : 0)
                    + (a.isObjectionDecision() ? 1 : 0)
                    + (a.isOptOut() ? 1 : 0);
            assertThat(kinds).as(a.name()).isEqualTo(1);
        }
        assertThat(Action.AGE_STATED.concernsSubject()).isTrue();
        assertThat(Action.AGE_STATED.isLifecycle())
                .as("an age statement stops nothing")
                .isFalse();
    }

    @Test
    void resultsAndReports_copyTheirLists() {
        List<VerificationReport.Problem> problems = new java.util.ArrayList<>();
        VerificationReport report = new VerificationReport(1, 1, problems);
        problems.add(new VerificationReport.Problem(VerificationReport.Kind.BROKEN_LINK, "s", null, 1, 1, "x"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(new WriteResult("s", "i", List.of(), 0, false).records()).isEmpty();
    }

    private static void assertRejected(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }
}
