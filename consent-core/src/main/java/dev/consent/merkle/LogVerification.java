package dev.consent.merkle;

import dev.consent.Hash;
import java.util.List;
import java.util.Objects;

/**
 * What {@code ConsentLedger.verify(Checkpoint)} found: whether the ledger still extends a checkpoint taken
 * earlier (its first {@link Checkpoint#size()} records hash to the checkpoint's root, in the same order), and
 * where it does not, exactly what is missing or changed. It walks every record once, recomputing the tree, and
 * compares the tree the store keeps with it too.
 *
 * @param checkpoint the checkpoint verified against
 * @param ledgerSize the ledger's head position when the walk began
 * @param recordsRead how many records the walk read
 * @param recomputedRoot the root of the records up to the checkpoint's size as read, or null if the ledger has fewer
 * @param problems what is wrong, in position order of discovery; empty when the ledger extends the checkpoint
 */
public record LogVerification(
        Checkpoint checkpoint,
        long ledgerSize,
        long recordsRead,
        @org.jspecify.annotations.Nullable Hash recomputedRoot,
        List<LogProblem> problems) {
    /** Copies the list. */
    public LogVerification {
        Objects.requireNonNull(checkpoint, "checkpoint");
        problems = List.copyOf(problems);
    }

    /** Whether the ledger extends the checkpoint and the store's tree matches its records. */
    public boolean isIntact() {
        return problems.isEmpty();
    }

    /** The problems of one kind. */
    public List<LogProblem> problems(LogProblem.Kind kind) {
        return problems.stream().filter(p -> p.kind() == kind).toList();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(isIntact() ? "intact" : problems.size() + " problem(s)")
                .append(": ledger of ")
                .append(ledgerSize)
                .append(" records against the checkpoint of ")
                .append(checkpoint.size());
        for (LogProblem p : problems) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }
}
