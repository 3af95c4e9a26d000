package dev.consent.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature {@link WebhookSink} sends, and its check for receivers. The signed text is the timestamp
 * header's value (epoch seconds), a dot, then the exact body bytes; the signature header is {@code v1=}
 * and the lowercase hex HMAC-SHA256 of it under the shared secret. A receiver checks the signature and
 * rejects a timestamp too far from its own clock, so a captured request cannot be replayed later.
 * Stateless; thread-safe.
 */
public final class WebhookSignature {
    /** The header with the epoch seconds at which the request was signed. */
    public static final String TIMESTAMP_HEADER = "Consent-Timestamp";
    /** The header with {@code v1=<hex HMAC-SHA256>}. */
    public static final String SIGNATURE_HEADER = "Consent-Signature";
    /** The header with the message's deduplication key. */
    public static final String KEY_HEADER = "Consent-Key";

    private WebhookSignature() {}

    /** The signature header's value for {@code body} sent at {@code epochSecond}. */
    public static String sign(byte[] secret, long epochSecond, byte[] body) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        return "v1=" + HexFormat.of().formatHex(hmac(secret, epochSecond, body));
    }

    /**
     * Whether a request is authentic and fresh: the signature matches (compared in constant time) and the
     * timestamp is within {@code tolerance} of {@code now}. Malformed headers give {@code false}.
     */
    public static boolean verify(
            byte[] secret,
            String timestampHeader,
            String signatureHeader,
            byte[] body,
            Instant now,
            Duration tolerance) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tolerance, "tolerance");
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith("v1=")) {
            return false;
        }
        long epochSecond;
        byte[] given;
        try {
            epochSecond = Long.parseLong(timestampHeader.strip());
            given = HexFormat.of().parseHex(signatureHeader.substring(3).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - epochSecond) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, epochSecond, body), given);
    }

    private static byte[] hmac(byte[] secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((epochSecond + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
