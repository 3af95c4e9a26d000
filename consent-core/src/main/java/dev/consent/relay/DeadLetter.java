package dev.consent.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A change a relay gave up delivering after its configured number of attempts: kept with the last error so
 * an operator sees it and can deliver it again ({@link Relay#redrive(long)}). Immutable.
 *
 * @param relay the relay's name
 * @param position the change's ledger position
 * @param recordId the change's record id
 * @param subject the change's subject
 * @param attempts how many deliveries were tried
 * @param error the last failure, as {@code class: message}
 * @param payload the message as JSON ({@link ChangeMessage#toJson()})
 * @param failedAt when the relay gave up
 */
public record DeadLetter(
        String relay,
        long position,
        UUID recordId,
        String subject,
        int attempts,
        String error,
        String payload,
        Instant failedAt) {
    /** Checks for nulls. */
    public DeadLetter {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(failedAt, "failedAt");
    }

    /** The message this letter holds. */
    public ChangeMessage message() {
        return ChangeMessage.fromJson(payload);
    }
}
