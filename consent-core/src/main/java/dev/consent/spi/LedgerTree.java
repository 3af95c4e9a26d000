package dev.consent.spi;

import dev.consent.Hash;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.SubtreeSource;
import dev.consent.merkle.TreeNode;
import java.util.List;

/**
 * The Merkle tree a store keeps over its ledger, as RFC 9162 defines it: the leaves are the records' hashes in
 * position order (the record at position {@code p} is leaf {@code p - 1}, hashed as
 * {@link dev.consent.merkle.TreeHashes#leaf(Hash)}), so the tree of size {@code n} covers positions 1 to
 * {@code n}. A store maintains it in the transaction that appends the records, from the {@link Frontier} at the
 * ledger head, without reading the ledger again; it keeps the hashes of perfect subtrees (all of them, or
 * enough to compute any one with a bounded number of reads) so that proofs cost {@code O(log n)} reads and never a
 * scan. Because a record's hash holds its evidence only as a salted digest, erasure leaves the tree as it was.
 *
 * <p>Got from {@link ConsentStore#tree()}. Implementations must be thread-safe.
 */
public interface LedgerTree extends SubtreeSource {
    /**
     * The frontier of the tree over the whole ledger, read in one consistent step with the ledger's head: its
     * {@link Frontier#size()} is the {@link ConsentStore#headPosition()} of that step, and its root covers exactly
     * the records up to it.
     *
     * @throws dev.consent.StoreUnavailableException if the storage failed
     */
    Frontier frontier();

    /**
     * The tree's size now: the {@link ConsentStore#headPosition()}. The default reads the {@link #frontier()}; a store
     * whose frontier costs more than its head (one that folds it from kept nodes) answers from the head.
     *
     * @throws dev.consent.StoreUnavailableException if the storage failed
     */
    default long size() {
        return frontier().size();
    }

    /**
     * The hashes of perfect subtrees that lie wholly within the tree as it is now, in the order asked. A node
     * beyond the tree's size is refused, never computed over fewer leaves.
     *
     * @throws dev.consent.InvalidInputException if a node reaches beyond the tree's size
     * @throws dev.consent.StoreUnavailableException if the storage failed
     */
    @Override
    List<Hash> hashes(List<TreeNode> nodes);
}
