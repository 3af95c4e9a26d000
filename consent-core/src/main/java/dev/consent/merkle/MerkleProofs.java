package dev.consent.merkle;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Generates roots, inclusion proofs and consistency proofs as RFC 9162 sections 2.1.3.1 and 2.1.4.1 define them,
 * from the hashes of perfect subtrees. Each proof element is the root of a range of leaves; the range is split into
 * the perfect subtrees it is made of (one per set bit of its length, at most one element per proof is not itself
 * perfect), every needed subtree is asked of the {@link SubtreeSource} in one call, and the element is folded from
 * them. So a proof costs {@code O(log n)} node reads and never a scan. Stateless and thread-safe.
 */
public final class MerkleProofs {
    private MerkleProofs() {}

    /**
     * The root of the tree over the first {@code size} leaves.
     *
     * @throws InvalidInputException if {@code size} is negative
     */
    public static Hash root(long size, SubtreeSource source) {
        Objects.requireNonNull(source, "source");
        requireSize("size", size);
        if (size == 0) {
            return TreeHashes.EMPTY_ROOT;
        }
        List<long[]> ranges = List.of(new long[] {0, size});
        return fold(ranges, source).get(0);
    }

    /**
     * The inclusion proof of leaf {@code index} in the tree of {@code size} leaves: the audit path, from the leaf's
     * sibling up to the child of the root.
     *
     * @throws InvalidInputException if {@code index} is not below {@code size}
     */
    public static InclusionProof inclusion(long index, long size, SubtreeSource source) {
        Objects.requireNonNull(source, "source");
        requireSize("size", size);
        if (index < 0 || index >= size) {
            throw new InvalidInputException("index", index, "must be from 0 to " + (size - 1) + " (the tree size)");
        }
        List<long[]> ranges = new ArrayList<>();
        long a = 0;
        long b = size;
        while (b - a > 1) {
            long k = split(b - a);
            if (index < a + k) {
                ranges.add(new long[] {a + k, b});
                b = a + k;
            } else {
                ranges.add(new long[] {a, a + k});
                a = a + k;
            }
        }
        Collections.reverse(ranges);
        return new InclusionProof(index, size, fold(ranges, source));
    }

    /**
     * The consistency proof that the tree of {@code size2} leaves extends the tree of its first {@code size1}.
     *
     * @throws InvalidInputException unless {@code 0 <= size1 <= size2}
     */
    public static ConsistencyProof consistency(long size1, long size2, SubtreeSource source) {
        Objects.requireNonNull(source, "source");
        requireSize("size2", size2);
        if (size1 < 0 || size1 > size2) {
            throw new InvalidInputException("size1", size1, "must be from 0 to " + size2 + " (the later size)");
        }
        if (size1 == 0 || size1 == size2) {
            return new ConsistencyProof(size1, size2, List.of());
        }
        List<long[]> ranges = new ArrayList<>();
        long a = 0;
        long b = size2;
        long m = size1;
        boolean whole = true;
        while (m != b - a) {
            long k = split(b - a);
            if (m <= k) {
                ranges.add(new long[] {a + k, b});
                b = a + k;
            } else {
                ranges.add(new long[] {a, a + k});
                m -= k;
                a = a + k;
                whole = false;
            }
        }
        if (!whole) {
            ranges.add(new long[] {a, b});
        }
        Collections.reverse(ranges);
        return new ConsistencyProof(size1, size2, fold(ranges, source));
    }

    /**
     * The perfect subtrees that the leaves {@code [start, end)} split into, largest first, for a range that starts
     * at a multiple of the largest power of two not above its length (every range a proof needs does).
     *
     * @throws InvalidInputException if the range is empty or not aligned so
     */
    public static List<TreeNode> perfectNodes(long start, long end) {
        if (start < 0 || end < start) {
            throw new InvalidInputException("range", start + ".." + end, "must be a range of leaves");
        }
        List<TreeNode> nodes = new ArrayList<>(Long.bitCount(end - start));
        long p = start;
        long rest = end - start;
        while (rest > 0) {
            int level = 63 - Long.numberOfLeadingZeros(rest);
            long width = 1L << level;
            if ((p & (width - 1)) != 0) {
                throw new InvalidInputException("range", start + ".." + end, "is not aligned to perfect subtrees");
            }
            nodes.add(new TreeNode(level, p >> level));
            p += width;
            rest -= width;
        }
        return nodes;
    }

    /** The roots of {@code ranges}, asking {@code source} once for every perfect subtree they need. */
    private static List<Hash> fold(List<long[]> ranges, SubtreeSource source) {
        List<TreeNode> needed = new ArrayList<>();
        int[] counts = new int[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            List<TreeNode> nodes = perfectNodes(ranges.get(i)[0], ranges.get(i)[1]);
            counts[i] = nodes.size();
            needed.addAll(nodes);
        }
        if (needed.isEmpty()) {
            return List.of();
        }
        List<Hash> hashes = source.hashes(List.copyOf(needed));
        if (hashes.size() != needed.size()) {
            throw new IllegalStateException(
                    "the subtree source answered " + hashes.size() + " hashes for " + needed.size() + " nodes");
        }
        List<Hash> out = new ArrayList<>(ranges.size());
        int at = 0;
        for (int count : counts) {
            Hash h = Objects.requireNonNull(hashes.get(at + count - 1), "hash");
            for (int j = count - 2; j >= 0; j--) {
                h = TreeHashes.node(Objects.requireNonNull(hashes.get(at + j), "hash"), h);
            }
            out.add(h);
            at += count;
        }
        return List.copyOf(out);
    }

    /** The largest power of two smaller than {@code n}, for {@code n > 1}. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireSize(String field, long size) {
        if (size < 0) {
            throw new InvalidInputException(field, size, "must not be negative");
        }
    }
}
