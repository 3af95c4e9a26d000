package dev.consent.merkle;

import dev.consent.Hash;
import java.util.Objects;

/**
 * A perfect subtree and its hash: what a store writes when an append completes the subtree.
 *
 * @param node the subtree
 * @param hash its Merkle tree hash
 */
public record NodeHash(TreeNode node, Hash hash) {
    /** Checks for nulls. */
    public NodeHash {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(hash, "hash");
    }
}
