package dev.consent.merkle;

import dev.consent.InvalidInputException;

/**
 * A perfect subtree of the log's Merkle tree: the {@code 2^level} leaves from {@code index * 2^level} (inclusive)
 * to {@code (index + 1) * 2^level} (exclusive). Level 0 nodes are the leaf hashes. Once the log has that many
 * leaves, the hash of a perfect subtree never changes, which is why stores keep these and nothing else.
 *
 * @param level the height above the leaves, 0 to 62
 * @param index the position of the subtree among those of its level, from 0
 */
public record TreeNode(int level, long index) {
    /** Checks the range of both numbers. */
    public TreeNode {
        if (level < 0 || level > 62) {
            throw new InvalidInputException("level", level, "must be from 0 to 62");
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new InvalidInputException("index", index, "must be from 0 to " + ((Long.MAX_VALUE >> level) - 1));
        }
    }

    /** The position of the first leaf under this node. */
    public long firstLeaf() {
        return index << level;
    }

    /** The number of leaves under this node. */
    public long leafCount() {
        return 1L << level;
    }
}
