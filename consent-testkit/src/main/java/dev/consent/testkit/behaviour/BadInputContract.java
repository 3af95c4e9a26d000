package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Consistency;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.UnknownPurposeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is rejected with an exception naming the field and the value, and nothing is written. */
public abstract class BadInputContract extends BehaviourContract {

    static Stream<Arguments> invalidSubjects() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("256 characters", "s".repeat(256)),
                Arguments.of("a NUL character", "user\u0000"),
                Arguments.of("a line break", "user\n42"),
                Arguments.of("a C1 control character", "user\u008542"),
                Arguments.of("an unpaired high surrogate", "user\uD83D"),
                Arguments.of("an unpaired low surrogate", "\uDE00user"),
                Arguments.of("surrogates in the wrong order", "a\uDE00\uD83Db"));
    }

    @ParameterizedTest(name = "subject with {0}")
    @MethodSource("invalidSubjects")
    void invalidSubjectId_isRejected_namingTheField_andNothingIsWritten(String what, String subject) {
        ConsentSystem cs = systemWithPurposes();
        List<ThrowingCallable> calls = List.of(
                () -> cs.ledger().grant(subject, EMAIL, WEB),
                () -> cs.ledger().withdraw(subject, EMAIL, WEB),
                () -> Interaction.builder(subject).context(WEB).grant(EMAIL).build(),
                () -> cs.ledger().erase(subject, WEB),
                () -> cs.ledger().markDeceased(subject, WEB),
                () -> cs.ledger().history(subject),
                () -> cs.ledger().currentState(subject),
                () -> cs.ledger().stateAt(subject, clock.instant()),
                () -> cs.ledger().evidence(subject),
                () -> cs.ledger().verify(subject),
                () -> cs.enforcer().check(subject, EMAIL),
                () -> cs.enforcer().check(subject, BILLING),
                () -> cs.enforcer().require(subject, EMAIL),
                () -> cs.enforcer().check(subject, EMAIL, Consistency.full()));
        for (ThrowingCallable call : calls) {
            assertRejected(call, "subject");
        }
        assertRejected(() -> cs.enforcer().checkAll(List.of("fine", subject), EMAIL), "subjects[1]");
        assertThat(cs.ledger().headPosition()).isZero();
    }

    @Test
    void subjectIdOf255Characters_andOneWithAnEmoji_areAccepted() {
        ConsentSystem cs = systemWithPurposes();
        String longest = "s".repeat(255);
        String emoji = "user-\uD83D\uDE00";

        cs.ledger().grant(longest, EMAIL, WEB);
        cs.ledger().grant(emoji, EMAIL, WEB);

        assertThat(cs.enforcer().check(longest, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(system().enforcer().check(emoji, EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
    }

    @ParameterizedTest(name = "purpose id \"{0}\"")
    @ValueSource(strings = {"Marketing", "a..b", "x y", "-lead", "trail.", "mail@", "e\u0301mail", ""})
    void purposeIdThatIsNotASlug_isRejected_namingTheFieldAndValue(String id) {
        ConsentSystem cs = systemWithPurposes();

        assertRejected(
                        () -> Purpose.builder(id)
                                .title("T")
                                .description("D")
                                .legalBasis(LegalBasis.CONSENT)
                                .build(),
                        "id")
                .hasMessageContaining(id);
        assertRejected(() -> cs.ledger().grant("user-1", id, WEB), "items[0].purpose")
                .hasMessageContaining(id);
        assertRejected(
                () -> Interaction.builder("user-1")
                        .context(WEB)
                        .grant(EMAIL)
                        .grant(id)
                        .build(),
                "items[1].purpose");
        assertThat(cs.enforcer().check("user-1", id).reason()).isEqualTo(DecisionReason.UNKNOWN_PURPOSE);
        assertThat(cs.ledger().headPosition()).isZero();
    }

    @Test
    void unknownPurposeOrVersion_onWrite_isRejected_namingIt_andNothingIsWritten() {
        ConsentSystem cs = systemWithPurposes();

        assertThatThrownBy(() -> cs.ledger().grant("user-1", Fixtures.UNDEFINED, WEB))
                .isInstanceOfSatisfying(UnknownPurposeException.class, e -> {
                    assertThat(e.field()).isEqualTo("items[0].purpose");
                    assertThat(e.purposeId()).isEqualTo(Fixtures.UNDEFINED);
                })
                .hasMessageContaining(Fixtures.UNDEFINED);
        assertThatThrownBy(() -> cs.ledger()
                        .record(Interaction.builder("user-1")
                                .context(WEB)
                                .grant(EMAIL, 7)
                                .build()))
                .isInstanceOfSatisfying(UnknownPurposeException.class, e -> {
                    assertThat(e.field()).isEqualTo("items[0].version");
                    assertThat(e.purposeId()).isEqualTo(EMAIL);
                })
                .hasMessageContaining(EMAIL)
                .hasMessageContaining("7");
        assertThatThrownBy(() -> cs.purposes().get(Fixtures.UNDEFINED))
                .isInstanceOf(UnknownPurposeException.class)
                .hasMessageContaining(Fixtures.UNDEFINED);
        assertThat(cs.ledger().headPosition()).isZero();
    }

    @Test
    void actionThatDoesNotFitTheLegalBasis_isRejected_namingTheItem() {
        ConsentSystem cs = systemWithPurposes();

        assertRejected(() -> cs.ledger().object("user-1", EMAIL, WEB), "items[0].action")
                .hasMessageContaining("OBJECTED");
        assertRejected(() -> cs.ledger().grant("user-1", Fixtures.ANALYTICS, WEB), "items[0].action");
        assertRejected(() -> cs.ledger().grant("user-1", BILLING, WEB), "items[0].action")
                .hasMessageContaining(BILLING);
        assertRejected(() -> new Interaction.Item(EMAIL, 0, Action.SUBJECT_ERASED), "action");
        assertThat(cs.ledger().headPosition()).isZero();
    }

    @Test
    void occurredAtInTheFuture_beyondTheTolerance_isRejected_andWithinItIsAccepted() {
        ConsentSystem cs = system(b -> b.futureTolerance(Duration.ofMinutes(2)));
        Fixtures.defineStandard(cs.purposes());
        Instant tooLate = clock.instant().plus(Duration.ofMinutes(2)).plusMillis(1);
        Instant edge = clock.instant().plus(Duration.ofMinutes(2));

        assertRejected(
                        () -> cs.ledger()
                                .record(Interaction.builder("user-1")
                                        .context(WEB)
                                        .occurredAt(tooLate)
                                        .grant(EMAIL)
                                        .build()),
                        "occurredAt")
                .hasMessageContaining(tooLate.toString());
        assertThat(cs.ledger().headPosition()).isZero();

        var accepted = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(WEB)
                        .occurredAt(edge)
                        .grant(EMAIL)
                        .build());
        assertThat(accepted.records().get(0).recordedAt()).isEqualTo(edge);
        assertThat(accepted.records().get(0).expiresAt()).isEqualTo(edge.plus(Fixtures.EMAIL_MAX_AGE));
        var next = cs.ledger().withdraw("user-1", EMAIL, WEB);
        assertThat(next.records().get(0).recordedAt())
                .as("time never runs backwards in a chain")
                .isAfterOrEqualTo(edge);
    }

    @Test
    void occurredAtBeforeTheSubjectsLatestRecord_isRejected() {
        ConsentSystem cs = systemWithPurposes();
        Instant latest =
                cs.ledger().grant("user-1", EMAIL, WEB).records().get(0).recordedAt();
        clock.advance(Duration.ofHours(1));
        long head = cs.ledger().headPosition();

        assertRejected(
                        () -> cs.ledger()
                                .record(Interaction.builder("user-1")
                                        .context(WEB)
                                        .occurredAt(latest.minusMillis(1))
                                        .withdraw(EMAIL)
                                        .build()),
                        "occurredAt")
                .hasMessageContaining(latest.toString());
        assertThat(cs.ledger().headPosition()).isEqualTo(head);

        var sameInstant = cs.ledger()
                .record(Interaction.builder("user-1")
                        .context(WEB)
                        .occurredAt(latest)
                        .withdraw(EMAIL)
                        .build());
        assertThat(sameInstant.records().get(0).recordedAt()).isEqualTo(latest);
        assertThat(cs.ledger()
                        .record(Interaction.builder("user-2")
                                .context(WEB)
                                .occurredAt(latest.minusSeconds(86_400))
                                .grant(EMAIL)
                                .build())
                        .replayed())
                .as("another subject's history does not matter")
                .isFalse();
    }

    @Test
    void veryLongValues_areNamed_butShownTruncated() {
        ConsentSystem cs = systemWithPurposes();
        String huge = "x".repeat(10_000);

        Throwable subject =
                org.assertj.core.api.Assertions.catchThrowable(() -> cs.ledger().grant(huge, EMAIL, WEB));
        Throwable purpose =
                org.assertj.core.api.Assertions.catchThrowable(() -> cs.ledger().grant("user-1", huge, WEB));
        Throwable point = org.assertj.core.api.Assertions.catchThrowable(() -> CollectionContext.of(Channel.WEB, huge));
        Throwable check = org.assertj.core.api.Assertions.catchThrowable(
                () -> cs.enforcer().check(huge, EMAIL));

        assertThat(List.of(subject, purpose, point, check)).allSatisfy(t -> {
            assertThat(t)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("xxxxxxxxxx")
                    .hasMessageContaining("10000");
            assertThat(t.getMessage().length()).isLessThan(400);
        });
        assertThat(subject).hasMessageContaining("subject");
        assertThat(purpose).hasMessageContaining("items[0].purpose");
        assertThat(point).hasMessageContaining("collectionPoint");
        assertThat(cs.ledger().headPosition()).isZero();
    }

    @Test
    void controlCharactersInAValue_areEscapedInTheMessage() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> CollectionContext.builder(Channel.WEB)
                .jurisdiction("EU\r\nSet-Cookie: x")
                .build());

        assertThat(t).isInstanceOf(InvalidInputException.class).hasMessageContaining("jurisdiction");
        assertThat(t.getMessage()).doesNotContain("\r").doesNotContain("\n").contains("\\u000d");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ThrowingCallable call, String field) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }
}
