package dev.consent.internal;

import dev.consent.OutagePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The validated settings of one system, handed from the public builder to the implementation. Not API.
 *
 * @param clock the clock for record times, expiry and the cache's age bound
 * @param cacheMaximumSize most subjects cached
 * @param expireAfterWrite hard bound on the age of a cached snapshot
 * @param listenerExecutor runs listener deliveries
 * @param integrityKey HMAC key for record hashes, or null for SHA-256
 * @param futureTolerance how far in the future a given record time may lie
 * @param conflictRetries retries of a write that lost a race
 * @param outagePolicy what cached checks do while the store fails
 * @param feedPollInterval how often the store's change feed is polled; zero for not at all
 * @param ageOfConsent the ages of digital consent per jurisdiction and the coming-of-age rule
 * @param transactionJoin finds the caller's transaction that writes join, if any
 * @param countDecisions whether the enforcer counts every decision by reason
 * @param checkpointSigner signs the Merkle tree's checkpoints, or null for none
 */
public record Settings(
        Clock clock,
        long cacheMaximumSize,
        Duration expireAfterWrite,
        Executor listenerExecutor,
        byte @Nullable [] integrityKey,
        Duration futureTolerance,
        int conflictRetries,
        OutagePolicy outagePolicy,
        Duration feedPollInterval,
        dev.consent.AgeOfConsent ageOfConsent,
        dev.consent.spi.TransactionJoin transactionJoin,
        boolean countDecisions,
        dev.consent.merkle.@Nullable NoteSigner checkpointSigner) {}
