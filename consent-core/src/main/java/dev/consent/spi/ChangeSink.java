package dev.consent.spi;

import dev.consent.relay.ChangeMessage;
import java.util.Objects;

/**
 * Where a {@link dev.consent.relay.Relay} delivers changes: a webhook, a Kafka or message-queue producer,
 * anything outside the process. Returning normally acknowledges the message: the relay then advances its
 * checkpoint and never hands this message to this relay again, except after a crash between the
 * acknowledgement and the checkpoint (at-least-once: deduplicate on {@link ChangeMessage#key()}).
 * Throwing anything is a failed attempt, retried with backoff.
 *
 * <p>A relay calls its sink from one thread at a time, in ledger order. A sink should give up within a
 * bounded time (well below the relay's lease duration).
 */
@FunctionalInterface
public interface ChangeSink {
    /**
     * Delivers one message and returns once the receiver has it durably.
     *
     * @throws Exception any failure; the relay retries
     */
    void deliver(ChangeMessage message) throws Exception;

    /**
     * Whether this sink wants the message at all; one it does not want is acknowledged without delivery.
     * The default wants every message.
     */
    default boolean accepts(ChangeMessage message) {
        return true;
    }

    /**
     * {@code sink}, given only the messages whose recipients include {@code recipient} (compared exactly).
     * A message names the recipients entitled to hear of it by the rule of recipient-scoped checks (see
     * {@link ChangeMessage#recipients()}): a recipient added by a purpose version the person did not agree to
     * never hears of that person; a lifecycle message (an erasure) reaches every recipient an earlier message
     * about the subject reached, and those of every purpose whose basis is not consent.
     */
    static ChangeSink forRecipient(String recipient, ChangeSink sink) {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sink, "sink");
        return new ChangeSink() {
            @Override
            public void deliver(ChangeMessage message) throws Exception {
                sink.deliver(message);
            }

            @Override
            public boolean accepts(ChangeMessage message) {
                return message.recipients().contains(recipient) && sink.accepts(message);
            }

            @Override
            public String toString() {
                return sink + " for " + recipient;
            }
        };
    }
}
