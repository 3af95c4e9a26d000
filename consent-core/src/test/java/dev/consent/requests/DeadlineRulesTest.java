package dev.consent.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import java.time.LocalDate;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeadlineRulesTest {
    private static final DeadlineRules BUILT_IN = DeadlineRules.builtIn();
    private static final DeadlineRule ONE_MONTH = DeadlineRule.calendarMonths(1, 0);
    private static final DeadlineRule TEN_DAYS = DeadlineRule.calendarDays(10, 0);

    @Test
    void builtIn_knowsTheGdprAndCcpaJurisdictions_inOrder() {
        assertThat(BUILT_IN.jurisdictions()).containsExactly("EEA", "EU", "UK", "US-CA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"EU", "EEA", "UK"})
    void builtIn_gdprJurisdictions_giveOneMonthExtendableByTwo_forEveryKind(String jurisdiction) {
        for (RequestKind kind : RequestKind.values()) {
            DeadlineRule rule = BUILT_IN.rule(jurisdiction, kind);
            assertThat(rule.due(LocalDate.of(2024, 1, 31))).as(kind.name()).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(rule.extendedDue(LocalDate.of(2024, 1, 31)))
                    .as(kind.name())
                    .contains(LocalDate.of(2024, 4, 30));
            assertThat(rule.due(LocalDate.of(2025, 1, 31))).as(kind.name()).isEqualTo(LocalDate.of(2025, 2, 28));
            // Not rolled: 15 Feb 2025 is a Saturday.
            assertThat(rule.due(LocalDate.of(2025, 1, 15))).as(kind.name()).isEqualTo(LocalDate.of(2025, 2, 15));
            assertThat(rule.describe())
                    .as(kind.name())
                    .startsWith("1 month, extendable by 2 months (")
                    .endsWith("GDPR Art. 12(3))");
        }
        assertThat(BUILT_IN.rule("EU", RequestKind.ACCESS).describe())
                .isEqualTo("1 month, extendable by 2 months (GDPR Art. 12(3))");
    }

    @ParameterizedTest
    @EnumSource(value = RequestKind.class, names = "OPT_OUT_OF_SALE_OR_SHARING", mode = EnumSource.Mode.EXCLUDE)
    void builtIn_california_gives45DaysExtendableBy45(RequestKind kind) {
        DeadlineRule rule = BUILT_IN.rule("US-CA", kind);
        assertThat(rule.due(LocalDate.of(2025, 1, 1))).isEqualTo(LocalDate.of(2025, 2, 15));
        assertThat(rule.extendedDue(LocalDate.of(2025, 1, 1))).contains(LocalDate.of(2025, 4, 1));
        assertThat(rule.describe())
                .isEqualTo("45 calendar days, extendable by 45 calendar days (CCPA regulations §7021(b))");
    }

    @Test
    void builtIn_californiaOptOut_gives15BusinessDays_noExtension() {
        DeadlineRule rule = BUILT_IN.rule("US-CA", RequestKind.OPT_OUT_OF_SALE_OR_SHARING);
        assertThat(rule.due(LocalDate.of(2025, 1, 10))).isEqualTo(LocalDate.of(2025, 1, 31));
        assertThat(rule.extendedDue(LocalDate.of(2025, 1, 10))).isEmpty();
        assertThat(rule.describe()).isEqualTo("15 business days (CCPA regulations §7026(f))");
    }

    @Test
    void aKindRule_beatsTheJurisdictionRule_inEitherOrder() {
        DeadlineRules kindFirst = DeadlineRules.builder()
                .rule("X", RequestKind.ERASURE, TEN_DAYS)
                .rule("X", ONE_MONTH)
                .build();
        DeadlineRules kindLast = DeadlineRules.builder()
                .rule("X", ONE_MONTH)
                .rule("X", RequestKind.ERASURE, TEN_DAYS)
                .build();
        for (DeadlineRules rules : new DeadlineRules[] {kindFirst, kindLast}) {
            assertThat(rules.rule("X", RequestKind.ERASURE)).isSameAs(TEN_DAYS);
            assertThat(rules.rule("X", RequestKind.ACCESS)).isSameAs(ONE_MONTH);
            assertThat(rules.jurisdictions()).containsExactly("X");
        }
    }

    @Test
    void anUnknownJurisdiction_isRejected_namingItAndTheKnownOnes() {
        assertThatThrownBy(() -> BUILT_IN.rule("BR", RequestKind.ACCESS))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"))
                .hasMessage("jurisdiction: has no deadline rule; known: [EEA, EU, UK, US-CA] (was \"BR\")");
    }

    @Test
    void jurisdictions_areCaseSensitive() {
        assertThatThrownBy(() -> BUILT_IN.rule("eu", RequestKind.ACCESS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"eu\"");
    }

    @Test
    void anEmptySet_knowsNothing() {
        DeadlineRules none = DeadlineRules.builder().build();
        assertThat(none.jurisdictions()).isEmpty();
        assertThatThrownBy(() -> none.rule("EU", RequestKind.ACCESS)).hasMessageContaining("known: []");
    }

    @Test
    void toBuilder_addsToTheBuiltInRules_leavingThemUnchanged() {
        DeadlineRules more = BUILT_IN.toBuilder()
                .rule("BR", DeadlineRule.calendarDays(15, 0))
                .build();
        assertThat(more.jurisdictions()).containsExactly("BR", "EEA", "EU", "UK", "US-CA");
        assertThat(more.rule("BR", RequestKind.ACCESS).due(LocalDate.of(2025, 1, 1)))
                .isEqualTo(LocalDate.of(2025, 1, 16));
        assertThat(more.rule("US-CA", RequestKind.OPT_OUT_OF_SALE_OR_SHARING))
                .isSameAs(BUILT_IN.rule("US-CA", RequestKind.OPT_OUT_OF_SALE_OR_SHARING));
        assertThat(BUILT_IN.jurisdictions()).containsExactly("EEA", "EU", "UK", "US-CA");
    }

    @Test
    void toBuilder_mayReplaceAnInheritedRule_once() {
        DeadlineRule rolling = DeadlineRule.calendarMonths(1, 2).rollingToBusinessDay(BusinessCalendar.weekendsOnly());
        DeadlineRules.Builder builder = BUILT_IN.toBuilder()
                .rule("EU", rolling)
                .rule("US-CA", RequestKind.OPT_OUT_OF_SALE_OR_SHARING, TEN_DAYS);
        DeadlineRules rules = builder.build();
        assertThat(rules.rule("EU", RequestKind.ACCESS).due(LocalDate.of(2025, 1, 15)))
                .isEqualTo(LocalDate.of(2025, 2, 17));
        assertThat(rules.rule("US-CA", RequestKind.OPT_OUT_OF_SALE_OR_SHARING)).isSameAs(TEN_DAYS);
        assertThat(BUILT_IN.rule("EU", RequestKind.ACCESS).due(LocalDate.of(2025, 1, 15)))
                .isEqualTo(LocalDate.of(2025, 2, 15));
        assertThatThrownBy(() -> builder.rule("EU", ONE_MONTH))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"))
                .hasMessageContaining("already");
    }

    @Test
    void theSameRuleTwice_isRejected() {
        DeadlineRules.Builder builder =
                DeadlineRules.builder().rule("X", ONE_MONTH).rule("X", RequestKind.ACCESS, TEN_DAYS);
        assertThatThrownBy(() -> builder.rule("X", TEN_DAYS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("\"X\"");
        assertThatThrownBy(() -> builder.rule("X", RequestKind.ACCESS, ONE_MONTH))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ACCESS");
        assertThat(builder.build().rule("X", RequestKind.ACCESS))
                .as("the rejected call changed nothing")
                .isSameAs(TEN_DAYS);
    }

    @Test
    void kindRulesThatLeaveAKindUncovered_areRejectedAtBuild() {
        DeadlineRules.Builder builder = DeadlineRules.builder().rule("X", RequestKind.ACCESS, TEN_DAYS);
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"))
                .hasMessageContaining("\"X\"")
                .hasMessageContaining("[ACCESS] only")
                .hasMessageContaining("ERASURE");
    }

    @Test
    void kindRulesForEveryKind_needNoJurisdictionRule() {
        DeadlineRules.Builder builder = DeadlineRules.builder();
        for (RequestKind kind : EnumSet.allOf(RequestKind.class)) {
            builder.rule("X", kind, TEN_DAYS);
        }
        assertThat(builder.build().rule("X", RequestKind.RESTRICTION)).isSameAs(TEN_DAYS);
    }

    @Test
    void aBuiltSet_isNotChangedByLaterUseOfItsBuilder() {
        DeadlineRules.Builder builder = DeadlineRules.builder().rule("X", ONE_MONTH);
        DeadlineRules first = builder.build();
        builder.rule("Y", ONE_MONTH).rule("X", RequestKind.ACCESS, TEN_DAYS);
        assertThat(first.jurisdictions()).containsExactly("X");
        assertThat(first.rule("X", RequestKind.ACCESS)).isSameAs(ONE_MONTH);
        assertThat(builder.build().jurisdictions()).containsExactly("X", "Y");
    }

    @Test
    void jurisdictions_cannotBeModified() {
        assertThatThrownBy(() -> BUILT_IN.jurisdictions().add("BR")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "E\nU"})
    void blankOrControlJurisdictions_areRejected(String jurisdiction) {
        assertThatThrownBy(() -> BUILT_IN.rule(jurisdiction, RequestKind.ACCESS))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"));
        assertThatThrownBy(() -> DeadlineRules.builder().rule(jurisdiction, ONE_MONTH))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"));
        assertThatThrownBy(() -> DeadlineRules.builder().rule(jurisdiction, RequestKind.ACCESS, ONE_MONTH))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("jurisdiction"));
    }

    @Test
    void nulls_areRejected_namingTheArgument() {
        DeadlineRules.Builder builder = DeadlineRules.builder();
        assertThatThrownBy(() -> BUILT_IN.rule(null, RequestKind.ACCESS))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("jurisdiction");
        assertThatThrownBy(() -> BUILT_IN.rule("EU", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
        assertThatThrownBy(() -> builder.rule(null, ONE_MONTH))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("jurisdiction");
        assertThatThrownBy(() -> builder.rule("X", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("rule");
        assertThatThrownBy(() -> builder.rule(null, RequestKind.ACCESS, ONE_MONTH))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("jurisdiction");
        assertThatThrownBy(() -> builder.rule("X", null, ONE_MONTH))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("kind");
        assertThatThrownBy(() -> builder.rule("X", RequestKind.ACCESS, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("rule");
        assertThat(builder.build().jurisdictions()).as("nothing was added").isEmpty();
    }
}
