package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PurposeTest {

    private static Purpose.Builder valid() {
        return Purpose.builder("marketing.email")
                .title("Marketing e-mail")
                .description("News by e-mail.")
                .legalBasis(LegalBasis.CONSENT);
    }

    @Test
    void build_withOnlyTheRequiredFields_usesTheDefaults() {
        Purpose p = valid().build();

        assertThat(p.version()).isEqualTo(1);
        assertThat(p.minValidVersion()).isEqualTo(1);
        assertThat(p.group()).isEmpty();
        assertThat(p.maxAge()).isEmpty();
        assertThat(p.recipients()).isEmpty();
        assertThat(p.retired()).isFalse();
        assertThat(p.definedAt()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"marketing", "marketing.email", "a-b_c.d9", "x", "0"})
    void slugIds_areAccepted(String id) {
        assertThat(Purpose.builder(id)
                        .title("T")
                        .description("D")
                        .legalBasis(LegalBasis.CONTRACT)
                        .build()
                        .id())
                .isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Marketing", "a..b", "x y", ".a", "a.", "a-", "_a", "ä", "a/b", ""})
    void idsThatAreNotSlugs_areRejected_namingTheId(String id) {
        assertRejected(
                () -> Purpose.builder(id)
                        .title("T")
                        .description("D")
                        .legalBasis(LegalBasis.CONSENT)
                        .build(),
                "id");
    }

    @Test
    void idOfMoreThan100Characters_isRejected() {
        assertRejected(
                () -> Purpose.builder("a".repeat(101))
                        .title("T")
                        .description("D")
                        .legalBasis(LegalBasis.CONSENT)
                        .build(),
                "id");
        assertThat(Purpose.builder("a".repeat(100))
                        .title("T")
                        .description("D")
                        .legalBasis(LegalBasis.CONSENT)
                        .build())
                .isNotNull();
    }

    @Test
    void missingOrInvalidFields_areRejected_namingTheField() {
        assertRejected(() -> valid().version(0).build(), "version");
        assertRejected(
                () -> Purpose.builder("a")
                        .description("D")
                        .legalBasis(LegalBasis.CONSENT)
                        .build(),
                "title");
        assertRejected(() -> valid().title(" ").build(), "title");
        assertRejected(
                () -> valid().title("t".repeat(Purpose.MAX_TITLE_LENGTH + 1)).build(), "title");
        assertRejected(
                () -> Purpose.builder("a")
                        .title("T")
                        .legalBasis(LegalBasis.CONSENT)
                        .build(),
                "description");
        assertRejected(() -> valid().description("\n").build(), "description");
        assertRejected(
                () -> valid().description("d".repeat(Purpose.MAX_DESCRIPTION_LENGTH + 1))
                        .build(),
                "description");
        assertRejected(() -> Purpose.builder("a").title("T").description("D").build(), "legalBasis");
        assertRejected(() -> valid().group("Not A Slug").build(), "group");
        assertRejected(() -> valid().maxAge(Duration.ZERO).build(), "maxAge");
        assertRejected(() -> valid().maxAge(Duration.ofDays(-1)).build(), "maxAge");
        assertRejected(
                () -> valid().legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                        .maxAge(Duration.ofDays(1))
                        .build(),
                "maxAge");
        assertRejected(() -> valid().maxAge(Duration.ofDays(1).plusNanos(1)).build(), "maxAge");
        assertRejected(() -> valid().maxAge(Period.ZERO).build(), "maxAge");
        assertRejected(() -> valid().maxAge(Period.ofMonths(-13)).build(), "maxAge");
        assertRejected(() -> valid().maxAge(Period.of(1, -1, 0)).build(), "maxAge");
        assertRejected(
                () -> valid().legalBasis(LegalBasis.CONTRACT)
                        .maxAge(Period.ofYears(1))
                        .build(),
                "maxAge");
        assertRejected(() -> valid().version(2).minValidVersion(3).build(), "minValidVersion");
        assertRejected(() -> valid().minValidVersion(-1).build(), "minValidVersion");
        assertRejected(() -> valid().recipients(List.of("Mailer Ltd", " ")).build(), "recipients[1]");
    }

    @Test
    void descriptionOfMaximumLength_isAccepted() {
        assertThat(valid().description("d".repeat(Purpose.MAX_DESCRIPTION_LENGTH))
                        .build()
                        .description())
                .hasSize(Purpose.MAX_DESCRIPTION_LENGTH);
    }

    @Test
    void calendarPeriods_addMonthsInUtc_withTheEndOfMonthRule() {
        Purpose thirteenMonths = valid().maxAge(Period.ofMonths(13)).build();
        Purpose oneMonth = valid().maxAge(Period.ofMonths(1)).build();
        Purpose twoYears = valid().maxAge(Period.ofYears(2)).build();

        assertThat(thirteenMonths.expiryOf(Instant.parse("2026-02-01T08:30:00Z")))
                .contains(Instant.parse("2027-03-01T08:30:00Z"));
        assertThat(oneMonth.expiryOf(Instant.parse("2027-01-31T08:30:00Z")))
                .contains(Instant.parse("2027-02-28T08:30:00Z"));
        assertThat(oneMonth.expiryOf(Instant.parse("2028-01-31T23:59:59.999Z")))
                .contains(Instant.parse("2028-02-29T23:59:59.999Z"));
        assertThat(twoYears.expiryOf(Instant.parse("2028-02-29T12:00:00Z")))
                .contains(Instant.parse("2030-02-28T12:00:00Z"));
        assertThat(thirteenMonths.maxAgePeriod()).contains(Period.ofMonths(13));
        assertThat(thirteenMonths.maxAge()).isEmpty();
        assertThat(thirteenMonths.maxAgeText()).contains("P13M");
        assertThat(thirteenMonths.expires()).isTrue();
    }

    @Test
    void durationsStayExact_andTheLastMaximumAgeGivenWins() {
        Purpose days = valid().maxAge(Duration.ofDays(395)).build();
        Purpose periodThenDuration =
                valid().maxAge(Period.ofMonths(13)).maxAge(Duration.ofDays(395)).build();
        Purpose durationThenPeriod =
                valid().maxAge(Duration.ofDays(395)).maxAge(Period.ofMonths(13)).build();

        assertThat(days.expiryOf(Instant.parse("2026-02-01T08:30:00Z")))
                .contains(Instant.parse("2027-03-03T08:30:00Z"));
        assertThat(days.maxAgeText()).contains("PT9480H");
        assertThat(periodThenDuration).isEqualTo(days);
        assertThat(durationThenPeriod.maxAge()).isEmpty();
        assertThat(durationThenPeriod).isNotEqualTo(days);
        assertThat(valid().build().expiryOf(Instant.EPOCH)).isEmpty();
        assertThat(valid().build().expires()).isFalse();
        assertThat(durationThenPeriod.toBuilder().build()).isEqualTo(durationThenPeriod);
    }

    @Test
    void materialChange_makesTheNewVersionTheOldestValid() {
        Purpose v3 = valid().version(3).materialChange().build();
        Purpose editorial = valid().version(3).minValidVersion(2).build();

        assertThat(v3.minValidVersion()).isEqualTo(3);
        assertThat(editorial.minValidVersion()).isEqualTo(2);
    }

    @Test
    void equality_isByContent_andIgnoresThePublicationTime() {
        Purpose a = valid().maxAge(Duration.ofDays(30)).recipients(List.of("X")).build();
        Purpose stamped = a.withDefinedAt(Instant.parse("2024-01-01T00:00:00.123456Z"));

        assertThat(stamped).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(stamped.definedAt()).contains(Instant.parse("2024-01-01T00:00:00.123Z"));
        assertThat(a.toBuilder().build()).isEqualTo(a);
        assertThat(a.toBuilder().description("Other").build()).isNotEqualTo(a);
        assertThat(a.toBuilder().recipients(List.of("Y")).build()).isNotEqualTo(a);
        assertThat(a.toBuilder().retired(true).build()).isNotEqualTo(a);
    }

    /**
     * Regression, found by the hostile-input suite: a null among the recipients escaped as a bare
     * NullPointerException from List.copyOf, naming nothing.
     */
    @Test
    void recipients_withANullElement_areRejectedAsInvalidInput_namingTheIndex() {
        java.util.List<String> withNull = new java.util.ArrayList<>(List.of("Mailer Ltd"));
        withNull.add(null);

        assertRejected(() -> valid().recipients(withNull), "recipients[1]");
    }

    @Test
    void recipients_areCopied_andUnmodifiable() {
        List<String> given = new ArrayList<>(List.of("X"));
        Purpose p = valid().recipients(given).build();
        given.add("Y");

        assertThat(p.recipients()).containsExactly("X");
        assertThatThrownBy(() -> p.recipients().add("Z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builderSetters_rejectNull_namingTheArgument() {
        assertThatThrownBy(() -> Purpose.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        assertThatThrownBy(() -> valid().title(null)).hasMessage("title");
        assertThatThrownBy(() -> valid().description(null)).hasMessage("description");
        assertThatThrownBy(() -> valid().legalBasis(null)).hasMessage("legalBasis");
        assertThatThrownBy(() -> valid().group(null)).hasMessage("group");
        assertThatThrownBy(() -> valid().maxAge((Duration) null)).hasMessage("maxAge");
        assertThatThrownBy(() -> valid().recipients(null)).hasMessage("recipients");
    }

    private static void assertRejected(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }
}
