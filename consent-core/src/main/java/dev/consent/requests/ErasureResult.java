package dev.consent.requests;

import java.util.Objects;

/**
 * What an erasure target reports it did.
 *
 * @param items how many items it erased (rows, documents, keys), 0 when it held nothing
 * @param summary what it did, in a line a data-protection officer reads
 */
public record ErasureResult(long items, String summary) {
    /** Validates the components. */
    public ErasureResult {
        if (items < 0) {
            throw new dev.consent.InvalidInputException("items", items, "must not be negative");
        }
        Objects.requireNonNull(summary, "summary");
    }

    /** A result of {@code items} erased, summarised as such. */
    public static ErasureResult erased(long items) {
        return new ErasureResult(items, items + " erased");
    }
}
