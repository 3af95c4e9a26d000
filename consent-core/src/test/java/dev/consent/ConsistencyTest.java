package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsistencyTest {

    @Test
    void kinds_andPositions() {
        assertThat(Consistency.cached().kind()).isEqualTo(Consistency.Kind.CACHED);
        assertThat(Consistency.full().kind()).isEqualTo(Consistency.Kind.FULL);
        assertThat(Consistency.atLeast(42).kind()).isEqualTo(Consistency.Kind.AT_LEAST);
        assertThat(Consistency.atLeast(42).position()).isEqualTo(42);
        assertThat(Consistency.atLeast(0).position()).isZero();
        assertThat(Consistency.full().position()).isZero();
    }

    @Test
    void equality_isByKindAndPosition() {
        assertThat(Consistency.atLeast(7))
                .isEqualTo(Consistency.atLeast(7))
                .hasSameHashCodeAs(Consistency.atLeast(7))
                .isNotEqualTo(Consistency.atLeast(8))
                .isNotEqualTo(Consistency.full());
        assertThat(Consistency.cached()).isEqualTo(Consistency.cached()).isNotEqualTo(Consistency.full());
        assertThat(Consistency.atLeast(7)).hasToString("AT_LEAST(7)");
        assertThat(Consistency.full()).hasToString("FULL");
    }

    @Test
    void negativePosition_isRejected_namingIt() {
        assertThatThrownBy(() -> Consistency.atLeast(-1))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("position"))
                .hasMessageContaining("-1");
    }
}
