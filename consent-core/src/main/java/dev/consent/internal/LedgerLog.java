package dev.consent.internal;

import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.merkle.Checkpoint;
import dev.consent.merkle.ConsistencyProof;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.LogProblem;
import dev.consent.merkle.LogVerification;
import dev.consent.merkle.MerkleProofs;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.merkle.TreeHashes;
import dev.consent.merkle.TreeNode;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.LedgerTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's Merkle log: checkpoints signed with the configured key, inclusion and consistency proofs from the
 * store's tree, and the walk that verifies the ledger against an earlier checkpoint. Thread-safe.
 */
final class LedgerLog {
    /** Records per feed read of a verification walk. */
    private static final int PAGE = 1_000;

    /** The level of the kept nodes a verification walk compares with the records: one per 16 records. */
    private static final int COMPARED_LEVEL = 4;

    private final ConsentStore store;
    private final @Nullable NoteSigner signer;

    LedgerLog(ConsentStore store, @Nullable NoteSigner signer) {
        this.store = store;
        this.signer = signer;
    }

    SignedCheckpoint checkpoint() {
        NoteSigner s = signer;
        if (s == null) {
            throw new IllegalStateException(
                    "no checkpoint signer is configured: ConsentSystem.builder().checkpointSigner(NoteSigner)");
        }
        Frontier f = store.tree().frontier();
        return SignedCheckpoint.sign(new Checkpoint(s.name(), f.size(), f.root()), s);
    }

    InclusionProof proveInclusion(UUID recordId, long treeSize) {
        Objects.requireNonNull(recordId, "recordId");
        ConsentRecord r = store.readRecord(recordId)
                .orElseThrow(() -> new InvalidInputException("recordId", recordId, "is not in the ledger"));
        if (treeSize < r.position()) {
            throw new InvalidInputException(
                    "treeSize", treeSize, "is before the record's position " + r.position() + ", so it is not in it");
        }
        LedgerTree tree = store.tree();
        requireWithin(tree, "treeSize", treeSize);
        return MerkleProofs.inclusion(r.position() - 1, treeSize, tree);
    }

    ConsistencyProof proveConsistency(long earlierSize, long laterSize) {
        if (earlierSize < 0 || earlierSize > laterSize) {
            throw new InvalidInputException(
                    "earlierSize", earlierSize, "must be from 0 to the later size (" + laterSize + ")");
        }
        LedgerTree tree = store.tree();
        requireWithin(tree, "laterSize", laterSize);
        return MerkleProofs.consistency(earlierSize, laterSize, tree);
    }

    private static void requireWithin(LedgerTree tree, String field, long size) {
        long now = tree.size();
        if (size > now) {
            throw new InvalidInputException(field, size, "is beyond the ledger's " + now + " records");
        }
    }

    LogVerification verify(Checkpoint checkpoint, @Nullable LongConsumer progress) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        LedgerTree tree = store.tree();
        List<LogProblem> problems = new ArrayList<>();
        Frontier kept;
        long head;
        try {
            kept = tree.frontier();
            head = kept.size();
        } catch (dev.consent.merkle.TreeDamagedException e) {
            // the store cannot even build its tree up to the head: the walk below says which positions are missing
            kept = null;
            head = store.headPosition();
            problems.add(new LogProblem(
                    LogProblem.Kind.TREE_MISMATCH,
                    1,
                    Math.max(1, head),
                    "the store cannot build its tree up to the head at position " + head + ": " + e.getMessage()));
        }
        long size = checkpoint.size();
        Frontier computed = Frontier.EMPTY;
        Hash rootAtSize = size == 0 ? TreeHashes.EMPTY_ROOT : null;
        long expected = 1;
        long read = 0;
        boolean aligned = true;
        List<TreeNode> completed = new ArrayList<>();
        List<Hash> completedHashes = new ArrayList<>();
        Block block = new Block();
        long after = 0;
        walk:
        while (true) {
            List<ConsentRecord> page = store.readFeed(after, PAGE);
            for (ConsentRecord r : page) {
                if (r.position() > head) {
                    break walk;
                }
                if (r.position() != expected) {
                    problems.add(new LogProblem(
                            LogProblem.Kind.MISSING_POSITIONS,
                            expected,
                            r.position() - 1,
                            "no record at positions " + range(expected, r.position() - 1)
                                    + ": deleted from the ledger"));
                    aligned = false;
                }
                Hash leaf = TreeHashes.leaf(r.hash());
                computed = computed.append(leaf, null);
                block.add(r.position(), leaf, completed, completedHashes);
                if (computed.size() == size) {
                    rootAtSize = computed.root();
                }
                expected = r.position() + 1;
                read++;
            }
            compare(tree, completed, completedHashes, problems);
            if (progress != null) {
                progress.accept(read);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).position();
        }
        block.close(completed, completedHashes);
        compare(tree, completed, completedHashes, problems);
        if (expected <= head) {
            problems.add(new LogProblem(
                    LogProblem.Kind.MISSING_POSITIONS,
                    expected,
                    head,
                    "no record at positions " + range(expected, head) + " below the ledger head: deleted"));
            aligned = false;
        }
        if (head < size) {
            problems.add(new LogProblem(
                    LogProblem.Kind.MISSING_TAIL,
                    head + 1,
                    size,
                    "the ledger ends at position " + head + " but the checkpoint holds " + size + " records: "
                            + range(head + 1, size) + " are gone (a truncated tail or an older backup restored)"));
        } else if (rootAtSize == null || !rootAtSize.equals(checkpoint.root())) {
            problems.add(new LogProblem(
                    LogProblem.Kind.ROOT_MISMATCH,
                    1,
                    Math.max(1, size),
                    "the first " + size + " records hash to "
                            + (rootAtSize == null ? "no root (too few records)" : rootAtSize.toHex())
                            + ", not to the checkpoint's root "
                            + checkpoint.root().toHex()
                            + ": records were changed, forged, removed or reordered"));
        }
        if (kept != null && aligned && computed.size() == head && !computed.equals(kept) && head > 0) {
            problems.add(new LogProblem(
                    LogProblem.Kind.TREE_MISMATCH,
                    1,
                    head,
                    "the store's tree has root " + kept.root().toHex() + " but its records hash to "
                            + computed.root().toHex()));
        }
        return new LogVerification(checkpoint, head, read, rootAtSize, problems);
    }

    /**
     * The records of one perfect subtree of {@link #COMPARED_LEVEL} taken by position, not by the order read: a
     * subtree whose positions all hold a record is compared with the store's node wherever it lies, so records
     * changed after a deleted position are still located (the positions of a block that lost a record are reported
     * as missing instead).
     */
    private static final class Block {
        private static final int SIZE = 1 << COMPARED_LEVEL;
        private final Hash[] leaves = new Hash[SIZE];
        private long index = -1;
        private int filled;

        /** Adds the leaf at {@code position}; a finished block, if whole, goes to the nodes to compare. */
        void add(long position, Hash leaf, List<TreeNode> completed, List<Hash> completedHashes) {
            long at = (position - 1) >>> COMPARED_LEVEL;
            if (at != index) {
                close(completed, completedHashes);
                index = at;
                filled = 0;
                java.util.Arrays.fill(leaves, null);
            }
            int offset = (int) ((position - 1) & (SIZE - 1));
            if (leaves[offset] == null) {
                filled++;
            }
            leaves[offset] = leaf;
        }

        /** Hands the current block on if every position of it holds a record, and starts none. */
        void close(List<TreeNode> completed, List<Hash> completedHashes) {
            if (index < 0 || filled != SIZE) {
                return;
            }
            Hash[] layer = leaves.clone();
            for (int count = SIZE; count > 1; count /= 2) {
                for (int i = 0; i < count / 2; i++) {
                    layer[i] = TreeHashes.node(layer[2 * i], layer[2 * i + 1]);
                }
            }
            completed.add(new TreeNode(COMPARED_LEVEL, index));
            completedHashes.add(layer[0]);
            filled = 0;
        }
    }

    /** Compares the completed nodes with the store's, adds a problem for each that differs, and clears them. */
    private static void compare(
            LedgerTree tree, List<TreeNode> completed, List<Hash> completedHashes, List<LogProblem> problems) {
        if (completed.isEmpty()) {
            return;
        }
        List<Hash> stored;
        try {
            stored = tree.hashes(List.copyOf(completed));
        } catch (dev.consent.merkle.TreeDamagedException e) {
            // the store's tree cannot be read there (records it needs are gone): the missing positions are reported
            completed.clear();
            completedHashes.clear();
            return;
        }
        for (int i = 0; i < completed.size(); i++) {
            if (!stored.get(i).equals(completedHashes.get(i))) {
                TreeNode n = completed.get(i);
                long from = n.firstLeaf() + 1;
                long to = n.firstLeaf() + n.leafCount();
                problems.add(new LogProblem(
                        LogProblem.Kind.CHANGED_RECORDS,
                        from,
                        to,
                        "the records at positions " + range(from, to) + " hash to "
                                + completedHashes.get(i).toHex()
                                + ", not to the tree node " + stored.get(i).toHex()
                                + " written when they were appended: one of them was changed or replaced"));
            }
        }
        completed.clear();
        completedHashes.clear();
    }

    private static String range(long from, long to) {
        return from == to ? String.valueOf(from) : from + " to " + to;
    }
}
