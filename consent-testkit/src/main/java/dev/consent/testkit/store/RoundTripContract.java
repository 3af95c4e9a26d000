package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.decision;
import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.lifecycle;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.ActorType;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Draft;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every value the API accepts comes back exactly: awkward subject ids, null and set optional fields,
 * every enum constant, instants to the millisecond, texts at their maximum length.
 */
abstract class RoundTripContract extends ContractPart {
    RoundTripContract(ConsentStoreContract contract) {
        super(contract);
    }

    /** Appends {@code a} to an otherwise empty subject and checks every read gives the records back. */
    private List<ConsentRecord> assertReadsBack(SubjectAppend a) {
        long head = store().headPosition();
        List<ConsentRecord> stored = append(a);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i)).isEqualTo(a.records().get(i).withPosition(head + 1 + i));
        }
        assertThat(store().readSubject(a.subject())).containsExactlyElementsOf(stored);
        assertThat(store().readFeed(head, stored.size())).containsExactlyElementsOf(stored);
        assertThat(store().loadCurrentState(a.subject()).latest()).contains(stored.get(stored.size() - 1));
        assertThat(store().loadCurrentStates(List.of(a.subject()))
                        .get(a.subject())
                        .latest())
                .contains(stored.get(stored.size() - 1));
        assertThat(store().readEvidence(a.subject())).isEqualTo(a.evidence());
        assertThat(TestRecords.chainProblems(store().readSubject(a.subject()))).isEmpty();
        return stored;
    }

    static Stream<Arguments> awkwardSubjects() {
        return Stream.of(
                arguments("quotes", "o'brien \"the\" `quoted`"),
                arguments("backslashes", "back\\slash\\\\ and \\' \\\" \\n"),
                arguments("like wildcards", "100%_off_%"),
                arguments("SQL", "x'); DROP TABLE consent_record; --"),
                arguments("emoji", "user 😀👍🏽👨‍👩‍👧"),
                arguments("CJK", "利用者同意書ユーザー"),
                arguments("spaces around", "  padded subject  "),
                arguments("255 ASCII characters", "x".repeat(255)),
                arguments("255 two-byte characters", "ä".repeat(255)),
                arguments("255 three-byte characters", "意".repeat(255)),
                arguments("255 UTF-16 units of emoji", exactly(255, "😀")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.consent.testkit.store.RoundTripContract#awkwardSubjects")
    void subjectIds_roundTripExactly(String label, String subject) {
        write(newChain("neighbour"), "form-1", grant("p.one").evidence(Evidence.of("203.0.113.1", null)));

        assertReadsBack(
                newChain(subject).append("form-1", grant("p.one").evidence(EvidenceContract.WEB), grant("p.two")));

        assertThat(store().loadCurrentStates(List.of(subject, "neighbour"))).containsOnlyKeys(subject, "neighbour");
        store().eraseEvidence(subject);
        assertThat(store().readEvidence(subject)).isEmpty();
        assertThat(store().readEvidence("neighbour")).hasSize(1);
    }

    /**
     * Subjects that a case-insensitive, accent-insensitive or space-padding collation, a normalising
     * layer or a LIKE query would mix up are kept apart.
     */
    @Test
    void subjectIds_areComparedExactly_neverByCollationOrPattern() {
        List<String> subjects = List.of(
                "alice", "Alice", "ALICE", "alice ", "a_ice", "al%", "\u00e9", "e\u0301", "ß", "ss", "ﬁ", "fi", "Ａ",
                "A");
        List<SubjectAppend> batch = new ArrayList<>();
        for (String s : subjects) {
            batch.add(newChain(s).append("form-1", grant("p.one").evidence(Evidence.of("203.0.113.9", s))));
        }
        List<ConsentRecord> stored = store().append(batch);

        for (int i = 0; i < subjects.size(); i++) {
            String s = subjects.get(i);
            assertThat(store().readSubject(s)).as("records of %s", s).containsExactly(stored.get(i));
            assertThat(store().loadCurrentState(s).latest()).as("head of %s", s).containsExactly(stored.get(i));
            assertThat(store().readEvidence(s))
                    .as("evidence of %s", s)
                    .isEqualTo(batch.get(i).evidence());
        }
        assertThat(store().loadCurrentStates(subjects))
                .hasSize(subjects.size())
                .allSatisfy((s, head) -> assertThat(head.latest())
                        .singleElement()
                        .satisfies(r -> assertThat(r.subject()).isEqualTo(s)));
        assertThat(store().readSubject("al")).isEmpty();
        assertThat(store().readSubject("a%")).isEmpty();
        assertThat(store().readSubject("_lice")).isEmpty();

        store().eraseEvidence("alice");
        assertThat(store().readEvidence("Alice")).hasSize(1);
        assertThat(store().readEvidence("alice ")).hasSize(1);
        assertThat(store().readEvidence("a_ice")).hasSize(1);
    }

    @Test
    void records_withEveryOptionalFieldNull_roundTrip() {
        Draft bare = lifecycle(Action.SUBJECT_DECEASED).by(Channel.API, new Actor(ActorType.SYSTEM, null, null));
        SubjectAppend a =
                newChain("alice").append("form-1", bare, grant("p.one").by(Channel.WEB, Actor.subject()));

        List<ConsentRecord> stored = assertReadsBack(a);

        ConsentRecord r = stored.get(0);
        assertThat(r.purposeId()).isNull();
        assertThat(r.purposeVersion()).isZero();
        assertThat(r.expiresAt()).isNull();
        assertThat(r.noticeVersion()).isNull();
        assertThat(r.collectionPoint()).isNull();
        assertThat(r.jurisdiction()).isNull();
        assertThat(r.evidenceDigest()).isNull();
        assertThat(r.previousHash()).isNull();
        assertThat(r.actor().id()).isNull();
        assertThat(r.actor().authority()).isNull();
        assertThat(stored.get(1).purposeId()).isEqualTo("p.one");
    }

    @Test
    void records_withEveryOptionalFieldSet_roundTrip() {
        Draft full = grant("marketing.email")
                .version(7)
                .at(Instant.parse("2024-02-29T23:59:59.999Z"))
                .expiresAt(Instant.parse("2099-12-31T23:59:59.999Z"))
                .collected("privacy-policy 2024-02 «ü»", "signup_form_v3 'x' \"y\" %_", "US-CA")
                .by(Channel.MOBILE_APP, Actor.guardian("guardian-7 😀", "parental responsibility (Art. 8)"))
                .evidence(EvidenceContract.WEB);
        SubjectAppend a = newChain("alice").append("form-1", grant("p.one"), full);

        ConsentRecord r = assertReadsBack(a).get(1);

        assertThat(r.previousHash()).isNotNull();
        assertThat(r.evidenceDigest()).isNotNull();
        assertThat(r.actor())
                .isEqualTo(new Actor(ActorType.GUARDIAN, "guardian-7 😀", "parental responsibility (Art. 8)"));
    }

    @Test
    void everyAction_channel_andActorType_roundTrips() {
        int n = Math.max(Action.values().length, Math.max(Channel.values().length, ActorType.values().length));
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Action action = Action.values()[i % Action.values().length];
            ActorType type = ActorType.values()[i % ActorType.values().length];
            Actor actor =
                    type == ActorType.SUBJECT ? Actor.subject() : new Actor(type, type + "-id", "authority of " + type);
            Draft d = action.concernsSubject() ? lifecycle(action) : decision("p." + i, action);
            drafts.add(d.by(Channel.values()[i % Channel.values().length], actor));
        }

        List<ConsentRecord> stored = assertReadsBack(newChain("alice").append("form-1", drafts.toArray(Draft[]::new)));

        assertThat(stored).extracting(ConsentRecord::action).contains(Action.values());
        assertThat(stored).extracting(ConsentRecord::channel).contains(Channel.values());
        assertThat(stored).extracting(r -> r.actor().type()).contains(ActorType.values());
    }

    /** Instants in daylight-saving gaps and overlaps catch a store that converts through a local time zone. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-14T14:14:00.123Z",
                "2024-03-31T01:30:00.001Z",
                "2024-10-27T01:30:00.999Z",
                "2024-03-10T07:30:00.500Z",
                "2024-11-03T06:30:00.010Z",
                "1999-12-31T23:59:59.999Z",
                "2038-01-19T03:14:08.001Z",
                "2000-02-29T00:00:00Z"
            })
    void instants_roundTripToTheMillisecond(String text) {
        Instant at = Instant.parse(text);
        Instant expires = at.plus(Duration.ofDays(395)).plusMillis(1);

        List<ConsentRecord> stored = assertReadsBack(newChain("alice")
                .append(
                        "form-1",
                        grant("p.one").at(at).expiresAt(expires),
                        decision("p.one", Action.WITHDRAWN).at(at)));

        assertThat(stored.get(0).recordedAt()).isEqualTo(at);
        assertThat(stored.get(0).expiresAt()).isEqualTo(expires);
        assertThat(store().readSubject("alice").get(0).recordedAt().toEpochMilli())
                .isEqualTo(at.toEpochMilli());
    }

    @Test
    void texts_atTheirApiMaximumLength_roundTrip() {
        String interaction = exactly(255, "界😀");
        Draft longest = decision(exactly(100, "ab.cd-ef_gh0"), Action.OBJECTED)
                .collected(exactly(255, "😀é"), exactly(255, "意'\"%_\\"), exactly(64, "ü-"))
                .by(Channel.PAPER, new Actor(ActorType.AGENT, exactly(255, "代理人"), exactly(255, "Vollmacht ß ")))
                .evidence(new Evidence("203.0.113.9", null, Map.of("k", "v")));

        List<ConsentRecord> stored =
                assertReadsBack(newChain(exactly(255, "👨‍👩‍👧")).append(interaction, longest));

        assertThat(stored.get(0).interactionId()).hasSize(255);
        assertThat(stored.get(0).purposeId()).hasSize(100);
    }
}
