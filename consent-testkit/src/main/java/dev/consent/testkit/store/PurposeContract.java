package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.purpose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.PurposeConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Purpose versions are stored once and never changed: every field round-trips, an identical save is a
 * no-op, a different one for the same version is a conflict.
 */
abstract class PurposeContract extends ContractPart {
    static final Instant DEFINED = Instant.parse("2024-05-14T14:14:14.141Z");

    PurposeContract(ConsentStoreContract contract) {
        super(contract);
    }

    /** A purpose with every field set to a value that is easy to get subtly wrong. */
    static Purpose everyFieldSet() {
        String description = exactly(
                Purpose.MAX_DESCRIPTION_LENGTH,
                "Nous vous écrivons « parfois » — 同意 😀 \"quoted\" 'single' \\ 100% _\r\n\ttabbed line\n");
        return purpose("marketing.email")
                .version(3)
                .title(exactly(Purpose.MAX_TITLE_LENGTH, "Marketing e-mail ✉️ ü "))
                .description(description)
                .legalBasis(LegalBasis.CONSENT)
                .group("marketing")
                .maxAge(Duration.ofDays(395).plusHours(5).plusMillis(7))
                .minValidVersion(2)
                .recipients(List.of("Mailer Inc. (processor)", "Zeta GmbH — München", "a", "Mailer Inc. (processor) "))
                .retired(true)
                .category("Marketing — ✉️ ")
                .piiCategories(List.of("E-mail address", "Name", "e-mail address"))
                .sensitiveCategories(List.of("Health 😀"))
                .build()
                .withDefinedAt(DEFINED);
    }

    @Test
    void savePurpose_roundTripsEveryFieldExactly() {
        Purpose p = everyFieldSet();

        store().savePurpose(p);

        assertThat(store().loadPurposes()).singleElement().satisfies(read -> assertSame(read, p));
    }

    @Test
    void savePurpose_withACalendarPeriod_roundTripsThePeriod_notADuration() {
        Purpose p = everyFieldSet().toBuilder()
                .version(4)
                .retired(false)
                .maxAge(java.time.Period.of(1, 13, 2))
                .build()
                .withDefinedAt(DEFINED);

        store().savePurpose(p);

        assertThat(store().loadPurposes()).singleElement().satisfies(read -> {
            assertSame(read, p);
            assertThat(read.maxAgePeriod()).contains(java.time.Period.of(1, 13, 2));
            assertThat(read.maxAge()).isEmpty();
        });
    }

    @Test
    void savePurpose_withEveryOptionalFieldAbsent_roundTrips() {
        Purpose p = Purpose.builder("analytics")
                .title("A")
                .description(" d ")
                .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                .build();

        store().savePurpose(p);

        assertThat(store().loadPurposes()).singleElement().satisfies(read -> {
            assertSame(read, p);
            assertThat(read.group()).isEmpty();
            assertThat(read.maxAge()).isEmpty();
            assertThat(read.maxAgePeriod()).isEmpty();
            assertThat(read.recipients()).isEmpty();
            assertThat(read.definedAt()).isEmpty();
            assertThat(read.category()).isEmpty();
            assertThat(read.piiCategories()).isEmpty();
            assertThat(read.sensitiveCategories()).isEmpty();
        });
    }

    @Test
    void savePurpose_ofTheSameVersionAndContent_isANoOp_keepingTheFirstDefinedAt() {
        Purpose p = everyFieldSet();
        store().savePurpose(p);

        store().savePurpose(p);
        store().savePurpose(p.withDefinedAt(DEFINED.plusSeconds(3600)));

        assertThat(store().loadPurposes()).singleElement().satisfies(read -> assertSame(read, p));
    }

    static Stream<Arguments> conflictingChanges() {
        return Stream.of(
                arguments("title", (UnaryOperator<Purpose.Builder>) b -> b.title("Other title")),
                arguments("description, by one trailing space", (UnaryOperator<Purpose.Builder>)
                        b -> b.description(base().description() + " ")),
                arguments("legal basis", (UnaryOperator<Purpose.Builder>)
                        b -> b.legalBasis(LegalBasis.LEGITIMATE_INTEREST)),
                arguments("group added", (UnaryOperator<Purpose.Builder>) b -> b.group("marketing")),
                arguments("maximum age added", (UnaryOperator<Purpose.Builder>) b -> b.maxAge(Duration.ofDays(30))),
                arguments("maximum age added as a calendar period", (UnaryOperator<Purpose.Builder>)
                        b -> b.maxAge(java.time.Period.ofDays(30))),
                arguments("oldest valid version", (UnaryOperator<Purpose.Builder>) b -> b.minValidVersion(2)),
                arguments(
                        "recipients reordered", (UnaryOperator<Purpose.Builder>) b -> b.recipients(List.of("b", "a"))),
                arguments("recipient removed", (UnaryOperator<Purpose.Builder>) b -> b.recipients(List.of("a"))),
                arguments("retired", (UnaryOperator<Purpose.Builder>) b -> b.retired(true)),
                arguments("category added", (UnaryOperator<Purpose.Builder>) b -> b.category("Marketing")),
                arguments("personal data category added", (UnaryOperator<Purpose.Builder>)
                        b -> b.piiCategories(List.of("Name"))),
                arguments("sensitive category added", (UnaryOperator<Purpose.Builder>)
                        b -> b.sensitiveCategories(List.of("Health"))));
    }

    /** Version 2 of a purpose without group, maximum age or retirement, with two recipients. */
    static Purpose base() {
        return purpose("newsletter")
                .version(2)
                .description("Weekly news.")
                .recipients(List.of("a", "b"))
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.consent.testkit.store.PurposeContract#conflictingChanges")
    void savePurpose_ofTheSameVersionWithOtherContent_conflicts_andKeepsTheStoredOne(
            String change, UnaryOperator<Purpose.Builder> changed) {
        Purpose stored = base().withDefinedAt(DEFINED);
        store().savePurpose(stored);
        Purpose other = changed.apply(base().toBuilder()).build();
        assertThat(other).as("the changed purpose differs").isNotEqualTo(stored);

        assertThatThrownBy(() -> store().savePurpose(other)).isInstanceOf(PurposeConflictException.class);

        assertThat(store().loadPurposes()).singleElement().satisfies(read -> assertSame(read, stored));
    }

    @Test
    void savePurpose_keepsEveryVersionOfEveryPurpose() {
        Purpose v1 = purpose("marketing.email").build().withDefinedAt(DEFINED);
        Purpose v2 =
                v1.toBuilder().version(2).title("Marketing e-mail, v2").build().withDefinedAt(DEFINED.plusSeconds(60));
        Purpose v3 = v2.toBuilder().version(3).materialChange().build().withDefinedAt(DEFINED.plusSeconds(120));
        Purpose v4 = v3.toBuilder().version(4).retired(true).build().withDefinedAt(DEFINED.plusSeconds(180));
        Purpose other = purpose("marketing.sms").build().withDefinedAt(DEFINED);
        List<Purpose> all = List.of(v1, v2, v3, v4, other);

        all.forEach(store()::savePurpose);

        List<Purpose> read = store().loadPurposes();
        assertThat(read).containsExactlyInAnyOrderElementsOf(all);
        for (Purpose p : all) {
            assertThat(read)
                    .filteredOn(r -> r.id().equals(p.id()) && r.version() == p.version())
                    .singleElement()
                    .satisfies(r -> assertSame(r, p));
        }
    }

    @Test
    void loadPurposes_ofAnEmptyStore_isEmpty() {
        assertThat(store().loadPurposes()).isEmpty();
    }

    /** Equal in every field, {@link Purpose#definedAt()} included (which {@code equals} leaves out). */
    static void assertSame(Purpose actual, Purpose expected) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.title()).isEqualTo(expected.title());
        assertThat(actual.description()).isEqualTo(expected.description());
        assertThat(actual.legalBasis()).isEqualTo(expected.legalBasis());
        assertThat(actual.group()).isEqualTo(expected.group());
        assertThat(actual.maxAge()).isEqualTo(expected.maxAge());
        assertThat(actual.maxAgePeriod()).isEqualTo(expected.maxAgePeriod());
        assertThat(actual.minValidVersion()).isEqualTo(expected.minValidVersion());
        assertThat(actual.recipients()).containsExactlyElementsOf(expected.recipients());
        assertThat(actual.retired()).isEqualTo(expected.retired());
        assertThat(actual.category()).isEqualTo(expected.category());
        assertThat(actual.piiCategories()).containsExactlyElementsOf(expected.piiCategories());
        assertThat(actual.sensitiveCategories()).containsExactlyElementsOf(expected.sensitiveCategories());
        assertThat(actual.definedAt()).isEqualTo(expected.definedAt());
    }
}
