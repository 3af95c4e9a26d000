package dev.consent.merkle;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The right edge of the tree over the first {@link #size()} leaves: the hashes of the perfect subtrees that
 * {@code [0, size)} splits into, one per set bit of the size, largest first (the "compact range" of
 * transparency-dev). It is all that is needed to compute the root and to add a leaf, so a store keeps it beside the
 * ledger head and updates it in the append transaction without reading the tree: appending a leaf completes one
 * perfect subtree per trailing one bit of the old size, and those are the nodes a store writes. Immutable.
 */
public final class Frontier {
    /** The frontier of the empty tree. */
    public static final Frontier EMPTY = new Frontier(0, new Hash[0]);

    private final long size;
    private final Hash[] peaks;

    private Frontier(long size, Hash[] peaks) {
        this.size = size;
        this.peaks = peaks;
    }

    /**
     * A frontier read back from a store.
     *
     * @param size the number of leaves
     * @param peaks the perfect subtree hashes, largest first, exactly one per set bit of {@code size}
     * @throws InvalidInputException if the count of peaks does not match the size
     */
    public static Frontier of(long size, List<Hash> peaks) {
        Objects.requireNonNull(peaks, "peaks");
        if (size < 0) {
            throw new InvalidInputException("size", size, "must not be negative");
        }
        if (peaks.size() != Long.bitCount(size)) {
            throw new InvalidInputException(
                    "peaks", peaks.size(), "must be " + Long.bitCount(size) + " for a tree of " + size + " leaves");
        }
        return new Frontier(size, peaks.toArray(new Hash[0]));
    }

    /** The number of leaves. */
    public long size() {
        return size;
    }

    /** The perfect subtree hashes, largest first. */
    public List<Hash> peaks() {
        return List.of(peaks);
    }

    /** The perfect subtrees the peaks stand for, largest first. */
    public List<TreeNode> peakNodes() {
        return MerkleProofs.perfectNodes(0, size);
    }

    /** The Merkle tree hash of the first {@link #size()} leaves ({@link TreeHashes#EMPTY_ROOT} for none). */
    public Hash root() {
        if (peaks.length == 0) {
            return TreeHashes.EMPTY_ROOT;
        }
        Hash h = peaks[peaks.length - 1];
        for (int i = peaks.length - 2; i >= 0; i--) {
            h = TreeHashes.node(peaks[i], h);
        }
        return h;
    }

    /**
     * This frontier with one more leaf.
     *
     * @param leafHash the leaf's hash ({@link TreeHashes#leaf(Hash)} of a record hash)
     * @param completed told of every perfect subtree the leaf completes, the leaf itself (level 0) first and then
     *     upwards; {@code null} to ignore them
     */
    public Frontier append(Hash leafHash, @Nullable Consumer<NodeHash> completed) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (size == Long.MAX_VALUE) {
            throw new InvalidInputException("size", size, "the tree is full");
        }
        int merges = Long.numberOfTrailingZeros(~size);
        Hash h = leafHash;
        long index = size;
        if (completed != null) {
            completed.accept(new NodeHash(new TreeNode(0, index), h));
        }
        int keep = peaks.length - merges;
        for (int level = 1; level <= merges; level++) {
            h = TreeHashes.node(peaks[peaks.length - level], h);
            index >>= 1;
            if (completed != null) {
                completed.accept(new NodeHash(new TreeNode(level, index), h));
            }
        }
        Hash[] next = Arrays.copyOf(peaks, keep + 1);
        next[keep] = h;
        return new Frontier(size + 1, next);
    }

    /** This frontier with {@code leafHashes} appended in order; completed nodes go to {@code completed}. */
    public Frontier appendAll(List<Hash> leafHashes, @Nullable Consumer<NodeHash> completed) {
        Frontier f = this;
        for (Hash h : leafHashes) {
            f = f.append(h, completed);
        }
        return f;
    }

    /** Every completed node of {@link #appendAll(List, Consumer)}, collected. */
    public List<NodeHash> completedBy(List<Hash> leafHashes) {
        List<NodeHash> out = new ArrayList<>();
        appendAll(leafHashes, out::add);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frontier f && f.size == size && Arrays.equals(f.peaks, peaks);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(peaks);
    }

    @Override
    public String toString() {
        return "Frontier[size=" + size + ", root=" + root() + "]";
    }
}
