package dev.consent.merkle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The proof that the tree of {@code size2} leaves extends the tree of {@code size1} leaves: its first
 * {@code size1} leaves are exactly those of the earlier tree (RFC 9162 section 2.1.4). A ledger whose earlier
 * records were removed, changed, reordered or restored from an older backup has no such proof against a
 * checkpoint taken before. Immutable.
 *
 * @param size1 the earlier size
 * @param size2 the later size
 * @param hashes the proof's nodes
 */
public record ConsistencyProof(long size1, long size2, List<Hash> hashes) {
    /** Checks the numbers and copies the list. */
    public ConsistencyProof {
        if (size1 < 0) {
            throw new InvalidInputException("size1", size1, "must not be negative");
        }
        if (size2 < size1) {
            throw new InvalidInputException("size2", size2, "must not be below size1 " + size1);
        }
        hashes = List.copyOf(hashes);
    }

    /**
     * Checks that {@code root2}, the root of {@link #size2()} leaves, extends {@code root1}, the root of
     * {@link #size1()} leaves (RFC 9162 section 2.1.4.2).
     *
     * @throws ProofVerificationException if it does not
     */
    public void verify(Hash root1, Hash root2) {
        Objects.requireNonNull(root1, "root1");
        Objects.requireNonNull(root2, "root2");
        if (size1 == size2) {
            if (!hashes.isEmpty()) {
                throw fail("must be empty between equal sizes");
            }
            if (!root1.equals(root2)) {
                throw fail("roots differ for the same size: " + root1 + " and " + root2);
            }
            return;
        }
        if (size1 == 0) {
            if (!hashes.isEmpty()) {
                throw fail("must be empty from the empty tree");
            }
            return;
        }
        if (hashes.isEmpty()) {
            throw fail("is empty");
        }
        int at = 0;
        Hash first;
        if (Long.bitCount(size1) == 1) {
            first = root1;
        } else {
            first = hashes.get(at++);
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        Hash fr = first;
        Hash sr = first;
        for (; at < hashes.size(); at++) {
            Hash c = hashes.get(at);
            if (sn == 0) {
                throw fail("is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = TreeHashes.node(c, fr);
                sr = TreeHashes.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = TreeHashes.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw fail("is too short");
        }
        if (!fr.equals(root1)) {
            throw fail("leads to earlier root " + fr + ", not " + root1);
        }
        if (!sr.equals(root2)) {
            throw fail("leads to later root " + sr + ", not " + root2);
        }
    }

    /** Whether {@link #verify(Hash, Hash)} passes. */
    public boolean verifies(Hash root1, Hash root2) {
        try {
            verify(root1, root2);
            return true;
        } catch (ProofVerificationException e) {
            return false;
        }
    }

    private ProofVerificationException fail(String what) {
        return new ProofVerificationException("consistency proof from " + size1 + " to " + size2 + " " + what);
    }

    /** As JSON: {@code {"size1":…,"size2":…,"hashes":["hex",…]}}. */
    public String toJson() {
        ObjectNode o = ProofJson.object();
        o.put("size1", size1);
        o.put("size2", size2);
        o.set("hashes", ProofJson.hashes(hashes));
        return ProofJson.write(o);
    }

    /**
     * Reads {@link #toJson()}.
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    public static ConsistencyProof fromJson(String json) {
        ObjectNode o = ProofJson.parse("json", Objects.requireNonNull(json, "json"));
        return new ConsistencyProof(
                ProofJson.number(o, "size1"), ProofJson.number(o, "size2"), ProofJson.hashList(o, "hashes"));
    }
}
