package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import dev.consent.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Answers to a write of an interaction the subject already has: the records stored the first time, as a
 * replayed {@link WriteResult}. Shared by the ledger's own writes and the writes in a caller's transaction,
 * which read the history each in their own way.
 */
final class Replays {
    private Replays() {}

    /**
     * For a write rejected as invalid: a retry of an interaction already recorded is a replay, even when it
     * would no longer be accepted as new (its given time now lies before later records, its purpose was
     * retired, the subject erased). Returns the records {@code recorded} finds, or throws {@code rejected}
     * (with a store failure of {@code recorded} suppressed in it).
     */
    static WriteResult replayOrThrow(InvalidInputException rejected, Supplier<@Nullable WriteResult> recorded) {
        WriteResult earlier;
        try {
            earlier = recorded.get();
        } catch (StoreUnavailableException s) {
            rejected.addSuppressed(s);
            throw rejected;
        }
        if (earlier == null) {
            throw rejected;
        }
        return earlier;
    }

    /** The records of the interaction in {@code history} as a replayed result, or null if there are none. */
    static @Nullable WriteResult replayed(List<ConsentRecord> history, String subject, String interactionId) {
        List<ConsentRecord> existing = new ArrayList<>();
        for (ConsentRecord r : history) {
            if (r.interactionId().equals(interactionId)) {
                existing.add(r);
            }
        }
        if (existing.isEmpty()) {
            return null;
        }
        return new WriteResult(
                subject,
                interactionId,
                existing,
                existing.get(existing.size() - 1).position(),
                true);
    }

    /**
     * For a store that reported the interaction as recorded (a duplicate) but whose history holds none of
     * its records.
     */
    static StoreUnavailableException missing(String interactionId, @Nullable Throwable cause) {
        return new StoreUnavailableException(
                "store reported interaction " + ValueText.describe(interactionId)
                        + " as recorded for the subject, but holds none of its records",
                cause);
    }
}
