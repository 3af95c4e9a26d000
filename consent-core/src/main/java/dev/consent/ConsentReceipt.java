package dev.consent;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A consent receipt for one interaction: a JSON document with the fields of the Kantara Initiative Consent
 * Receipt Specification v1.1 (see {@code docs/receipts.md} for each field, where it comes from, and the
 * few extension fields), and, when a signing key is configured, the same document signed as a compact JWS.
 * Made by {@link Receipts}; immutable.
 *
 * @param receiptId the {@code consentReceiptID}: a UUID derived from the subject and the interaction id,
 *     so the receipt of an interaction always has the same id
 * @param subject the subject (the {@code piiPrincipalId})
 * @param interactionId the interaction the receipt is for
 * @param json the receipt as JSON
 * @param jws the receipt signed as a compact JWS (RS256 or ES256) whose payload is {@code json}, or
 *     {@code null} without a signing key
 */
public record ConsentReceipt(
        String receiptId,
        String subject,
        String interactionId,
        String json,
        @Nullable String jws) {
    /** Checks for nulls. */
    public ConsentReceipt {
        Objects.requireNonNull(receiptId, "receiptId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(interactionId, "interactionId");
        Objects.requireNonNull(json, "json");
    }

    /** The signed receipt, if a signing key is configured. */
    public Optional<String> findJws() {
        return Optional.ofNullable(jws);
    }
}
