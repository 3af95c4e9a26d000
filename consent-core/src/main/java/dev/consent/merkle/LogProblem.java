package dev.consent.merkle;

import java.util.Objects;

/**
 * One thing {@link LogVerification} found wrong with the ledger against a checkpoint taken earlier, with the
 * positions it concerns (positions are 1-based: the record at position {@code p} is leaf {@code p - 1}).
 *
 * @param kind what is wrong
 * @param fromPosition the first position concerned
 * @param toPosition the last position concerned, at least {@code fromPosition}
 * @param message the finding in words, positions and hashes included
 */
public record LogProblem(Kind kind, long fromPosition, long toPosition, String message) {
    /** What is wrong. */
    public enum Kind {
        /**
         * The ledger ends before the checkpoint's size: the records from {@code fromPosition} to the checkpoint's
         * size are gone (a truncated tail, or an older backup restored).
         */
        MISSING_TAIL,
        /** Positions from {@code fromPosition} to {@code toPosition} hold no record: deleted records. */
        MISSING_POSITIONS,
        /**
         * The records up to the checkpoint's size no longer hash to its root: some were changed, forged, removed
         * or reordered. The range is the whole checkpoint; the other problems locate what they can.
         */
        ROOT_MISMATCH,
        /**
         * The records from {@code fromPosition} to {@code toPosition} no longer hash to the tree node the store
         * wrote when they were appended: one or more of them was changed or replaced.
         */
        CHANGED_RECORDS,
        /**
         * The tree the store keeps does not match its records (its frontier, or a kept node, differs from the one
         * computed from the records): the store's tree or records were written around the library.
         */
        TREE_MISMATCH
    }

    /** Checks for nulls and the range. */
    public LogProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (fromPosition < 1 || toPosition < fromPosition) {
            throw new dev.consent.InvalidInputException(
                    "toPosition",
                    toPosition,
                    "must be at least fromPosition (" + fromPosition + "), which is at least 1");
        }
    }

    @Override
    public String toString() {
        return kind + " " + fromPosition + (toPosition == fromPosition ? "" : ".." + toPosition) + ": " + message;
    }
}
