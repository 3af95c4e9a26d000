package dev.consent.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] SECRET = "0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-23T13:00:00Z");
    private final byte[] body = "{\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8);
    private final String ts = Long.toString(NOW.getEpochSecond());
    private final String sig = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), body);

    @Test
    void aSignedBody_verifies() {
        assertThat(sig).startsWith("v1=").hasSize(3 + 64);
        assertThat(WebhookSignature.verify(SECRET, ts, sig, body, NOW, Duration.ofMinutes(5)))
                .isTrue();
    }

    @Test
    void aChangedBody_anotherSecret_orAnotherTimestamp_failsVerification() {
        byte[] changed = "{\"key\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, ts, sig, changed, NOW, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123".getBytes(), ts, sig, body, NOW, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        SECRET, Long.toString(NOW.getEpochSecond() + 1), sig, body, NOW, Duration.ofMinutes(5)))
                .isFalse();
    }

    @Test
    void aReplayOutsideTheTolerance_failsVerification() {
        Instant later = NOW.plus(Duration.ofMinutes(6));
        assertThat(WebhookSignature.verify(SECRET, ts, sig, body, later, Duration.ofMinutes(5)))
                .isFalse();
    }

    @Test
    void malformedHeaders_failVerification() {
        assertThat(WebhookSignature.verify(SECRET, "soon", sig, body, NOW, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ts, "v1=zz", body, NOW, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, ts, "sha1=" + sig.substring(3), body, NOW, Duration.ofMinutes(5)))
                .isFalse();
    }
}
