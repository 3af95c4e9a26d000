package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder fails fast on bad settings, before any store is touched. */
class ConsentSystemBuilderTest {

    @Test
    void buildWithoutAStore_isRejected() {
        assertThatThrownBy(() -> ConsentSystem.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("store");
    }

    @Test
    void aSettingGivenTwice_isRejected_namingIt() {
        assertThatThrownBy(
                        () -> ConsentSystem.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("clock");
        assertThatThrownBy(() -> ConsentSystem.builder().conflictRetries(1).conflictRetries(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("conflictRetries");
        assertThatThrownBy(() ->
                        ConsentSystem.builder().feedPollInterval(Duration.ZERO).feedPollInterval(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("feedPollInterval");
        assertThatThrownBy(() -> ConsentSystem.builder().countDecisions().countDecisions())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("countDecisions");
    }

    @Test
    void badValues_areRejected_withTheValueInTheMessage() {
        assertRejected(() -> ConsentSystem.builder().cacheMaximumSize(-1), "cacheMaximumSize", "-1");
        assertRejected(
                () -> ConsentSystem.builder().cacheExpireAfterWrite(Duration.ZERO), "cacheExpireAfterWrite", "PT0S");
        assertRejected(
                () -> ConsentSystem.builder().cacheExpireAfterWrite(Duration.ofSeconds(-1)),
                "cacheExpireAfterWrite",
                "PT-1S");
        assertRejected(() -> ConsentSystem.builder().integrityKey(new byte[31]), "integrityKey", "31 bytes");
        assertRejected(
                () -> ConsentSystem.builder().futureTolerance(Duration.ofMinutes(61)), "futureTolerance", "PT1H1M");
        assertRejected(
                () -> ConsentSystem.builder().futureTolerance(Duration.ofSeconds(-1)), "futureTolerance", "PT-1S");
        assertRejected(() -> ConsentSystem.builder().conflictRetries(-1), "conflictRetries", "-1");
        assertRejected(() -> ConsentSystem.builder().conflictRetries(1001), "conflictRetries", "1001");
        assertRejected(
                () -> ConsentSystem.builder().feedPollInterval(Duration.ofMillis(-1)), "feedPollInterval", "PT-0.001S");
        assertRejected(
                () -> ConsentSystem.builder().feedPollInterval(Duration.ofNanos(999_999)),
                "feedPollInterval",
                "PT0.000999999S");
        assertRejected(
                () -> ConsentSystem.builder().feedPollInterval(Duration.ofMinutes(61)), "feedPollInterval", "PT1H1M");
    }

    @Test
    void boundaryValues_areAccepted() {
        assertThat(ConsentSystem.builder()
                        .cacheMaximumSize(0)
                        .futureTolerance(Duration.ZERO)
                        .conflictRetries(0)
                        .integrityKey(new byte[32])
                        .cacheExpireAfterWrite(Duration.ofMillis(1)))
                .isNotNull();
        assertThat(ConsentSystem.builder().futureTolerance(Duration.ofHours(1)).conflictRetries(1000))
                .isNotNull();
        assertThat(ConsentSystem.builder().feedPollInterval(Duration.ZERO)).isNotNull();
        assertThat(ConsentSystem.builder().feedPollInterval(Duration.ofMillis(1)))
                .isNotNull();
        assertThat(ConsentSystem.builder().feedPollInterval(Duration.ofHours(1)))
                .isNotNull();
    }

    @Test
    void nullSettings_areRejected_namingTheArgument() {
        assertThatThrownBy(() -> ConsentSystem.builder().store(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("store");
        assertThatThrownBy(() -> ConsentSystem.builder().clock(null)).hasMessage("clock");
        assertThatThrownBy(() -> ConsentSystem.builder().cacheExpireAfterWrite(null))
                .hasMessage("expireAfterWrite");
        assertThatThrownBy(() -> ConsentSystem.builder().listenerExecutor(null)).hasMessage("executor");
        assertThatThrownBy(() -> ConsentSystem.builder().integrityKey(null)).hasMessage("key");
        assertThatThrownBy(() -> ConsentSystem.builder().futureTolerance(null)).hasMessage("tolerance");
        assertThatThrownBy(() -> ConsentSystem.builder().feedPollInterval(null)).hasMessage("interval");
    }

    private static void assertRejected(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field, String value) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(value);
    }
}
