package dev.consent.merkle;

import dev.consent.Hash;
import java.util.List;

/**
 * Where the hashes of perfect subtrees come from: a store answers from the nodes it keeps, with a number of reads
 * that does not grow with the ledger (one query for the whole list, where it can). Proof generation in
 * {@link MerkleProofs} asks for at most about {@code 2 * log2(size)} nodes per proof.
 */
@FunctionalInterface
public interface SubtreeSource {
    /**
     * The hashes of {@code nodes}, in the order asked.
     *
     * @param nodes perfect subtrees that lie wholly within the log as it is now
     * @throws dev.consent.ConsentException if a node is not in the log, or the store fails
     */
    List<Hash> hashes(List<TreeNode> nodes);
}
