package dev.consent.relay;

import java.time.Duration;

/**
 * What an operator alerts on: how far a relay is behind the ledger, and what it did since it started.
 * Immutable; a snapshot.
 *
 * @param relay the relay's name
 * @param headPosition the ledger's head position
 * @param checkpoint the relay's checkpoint (shared by every instance of the relay)
 * @param behind {@code headPosition - checkpoint}: changes not yet delivered
 * @param oldestUndeliveredAge how long ago the oldest undelivered change was recorded, zero when none
 * @param leaseHeld whether this instance holds the lease (and so is the one delivering)
 * @param delivered messages this instance's sink acknowledged
 * @param skipped messages this instance's sink did not want ({@link dev.consent.spi.ChangeSink#accepts})
 * @param failedAttempts failed deliveries by this instance, retries included
 * @param deadLettered messages this instance gave up on
 * @param deadLetters the relay's dead letters stored now
 */
public record RelayStatus(
        String relay,
        long headPosition,
        long checkpoint,
        long behind,
        Duration oldestUndeliveredAge,
        boolean leaseHeld,
        long delivered,
        long skipped,
        long failedAttempts,
        long deadLettered,
        int deadLetters) {}
