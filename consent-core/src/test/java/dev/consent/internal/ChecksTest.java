package dev.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "user-42", "ユーザー", "user \uD83D\uDE00 smile", "tab-free name"})
    void validText_isReturnedAsIs(String value) {
        assertThat(Checks.text("f", value, 255)).isSameAs(value);
    }

    @Test
    void text_atTheMaximumLength_isAccepted_andOneMoreIsNot() {
        assertThat(Checks.subject("s".repeat(Checks.MAX_ID_LENGTH))).hasSize(255);
        assertThatThrownBy(() -> Checks.subject("s".repeat(256)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject")
                .hasMessageContaining("256");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", " ", "\t", "a\u0000b", "a\rb", "a\u007fb", "a\u009fb", "a\uD800", "\uDC00a", "a\uDC00\uD800b"
            })
    void blankControlOrUnpairedSurrogateText_isRejected_namingTheField(String value) {
        assertThatThrownBy(() -> Checks.text("field.name", value, 255))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("field.name"))
                .hasMessageStartingWith("field.name: ");
    }

    @Test
    void nullText_isRejected_butOptionalTextAcceptsIt() {
        assertThatThrownBy(() -> Checks.text("f", null, 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must not be null");
        assertThat(Checks.optionalText("f", null, 10)).isNull();
        assertThatThrownBy(() -> Checks.optionalText("f", "", 10)).isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a.b", "a_b-c.d", "x9", "9"})
    void slugs_areValidPurposeIds(String id) {
        assertThat(Checks.purposeId("id", id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "a..b", "a b", "a.", ".a", "a.-b", "é", ""})
    void nonSlugs_areNotValidPurposeIds(String id) {
        assertThatThrownBy(() -> Checks.purposeId("id", id))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("slug");
    }

    @Test
    void purposeIds_areAtMost100Characters() {
        assertThat(Checks.purposeId("id", "a".repeat(100))).hasSize(100);
        assertThatThrownBy(() -> Checks.purposeId("id", "a".repeat(101))).hasMessageContaining("101");
    }

    @Test
    void describe_quotesTruncatesAndEscapes() {
        assertThat(ValueText.describe(null)).isEqualTo("null");
        assertThat(ValueText.describe("abc")).isEqualTo("\"abc\"");
        assertThat(ValueText.describe(7)).isEqualTo("\"7\"");
        assertThat(ValueText.describe("a\nb\u0000")).isEqualTo("\"a\\u000ab\\u0000\"");
        assertThat(ValueText.describe("x\uD800")).isEqualTo("\"x\\ud800\"");
        String shown = ValueText.describe("y".repeat(10_000));
        assertThat(shown)
                .startsWith("\"yyyy")
                .endsWith("... (10000 characters)")
                .hasSizeLessThan(100);
    }

    @Test
    void messages_ofHugeValues_stayShort() {
        InvalidInputException e = new InvalidInputException("subject", "z".repeat(1_000_000), "is wrong");

        assertThat(e.getMessage()).startsWith("subject: is wrong (was \"zzz").hasSizeLessThan(120);
        assertThat(e.field()).isEqualTo("subject");
    }
}
