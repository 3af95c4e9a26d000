package dev.consent.memory;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.NodeHash;
import dev.consent.merkle.TreeHashes;
import dev.consent.merkle.TreeNode;
import dev.consent.spi.LedgerTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.LongFunction;

/**
 * The memory store's Merkle tree: the frontier, and every perfect subtree above the leaves packed 32 bytes a node
 * in one growing array per level (about 32 bytes per record in all); a leaf is hashed from its record when asked.
 * The store grows it under its write lock, in the append that adds the records; reads take the read lock.
 */
final class MemoryTree implements LedgerTree {
    private final ReadWriteLock lock;
    private final LongFunction<Hash> recordHash;
    private final List<byte[]> levels = new ArrayList<>();
    private final List<Integer> counts = new ArrayList<>();
    private Frontier frontier = Frontier.EMPTY;

    /** @param recordHash the hash of the record that is leaf {@code index} (position {@code index + 1}) */
    MemoryTree(ReadWriteLock lock, LongFunction<Hash> recordHash) {
        this.lock = lock;
        this.recordHash = recordHash;
    }

    /** Adds the next leaf: the record at position {@code frontier().size() + 1}. Under the write lock. */
    void add(Hash recordHash) {
        frontier = frontier.append(TreeHashes.leaf(recordHash), this::keep);
    }

    private void keep(NodeHash n) {
        int level = n.node().level();
        if (level == 0) {
            return;
        }
        while (levels.size() < level) {
            levels.add(new byte[Hash.LENGTH * 16]);
            counts.add(0);
        }
        int i = level - 1;
        byte[] nodes = levels.get(i);
        int count = counts.get(i);
        if ((count + 1) * Hash.LENGTH > nodes.length) {
            nodes = Arrays.copyOf(nodes, nodes.length * 2);
            levels.set(i, nodes);
        }
        System.arraycopy(n.hash().toBytes(), 0, nodes, count * Hash.LENGTH, Hash.LENGTH);
        counts.set(i, count + 1);
    }

    @Override
    public Frontier frontier() {
        lock.readLock().lock();
        try {
            return frontier;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Hash> hashes(List<TreeNode> nodes) {
        java.util.Objects.requireNonNull(nodes, "nodes");
        lock.readLock().lock();
        try {
            return read(nodes);
        } finally {
            lock.readLock().unlock();
        }
    }

    private List<Hash> read(List<TreeNode> nodes) {
        List<Hash> out = new ArrayList<>(nodes.size());
        for (TreeNode node : nodes) {
            if (node.firstLeaf() + node.leafCount() > frontier.size()) {
                throw new InvalidInputException(
                        "nodes", node, "reaches beyond the ledger's " + frontier.size() + " records");
            }
            if (node.level() == 0) {
                out.add(TreeHashes.leaf(recordHash.apply(node.index())));
            } else {
                byte[] packed = levels.get(node.level() - 1);
                int at = (int) node.index() * Hash.LENGTH;
                out.add(Hash.of(Arrays.copyOfRange(packed, at, at + Hash.LENGTH)));
            }
        }
        return out;
    }
}
