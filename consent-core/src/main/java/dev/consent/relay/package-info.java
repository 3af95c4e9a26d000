/**
 * The outbox relay: follows the ledger's change feed from a durable checkpoint and delivers every change,
 * at least once, to a system outside the process (a webhook, a message broker).
 *
 * <p>Start at {@link dev.consent.relay.Relay#builder(String)}. Each change becomes a
 * {@link dev.consent.relay.ChangeMessage} (a documented, versioned JSON shape) handed to a
 * {@link dev.consent.spi.ChangeSink}; {@link dev.consent.relay.WebhookSink} is the stock sink. The
 * checkpoint, the lease that keeps two instances of one relay from delivering at once, and the dead letters
 * live in a {@link dev.consent.spi.RelayState}: in memory, or in the ledger's database
 * ({@code JdbcConsentStore.relayState()}).
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.relay;

import org.jspecify.annotations.NullMarked;
