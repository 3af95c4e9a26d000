package dev.consent.merkle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The proof that leaf {@code leafIndex} is in the tree of {@code treeSize} leaves (RFC 9162 section 2.1.3): the
 * audit path, from the leaf's sibling up. Any RFC 6962 verifier checks it given the leaf hash and the root (for
 * a ledger record, the leaf hash is {@link TreeHashes#leaf(Hash)} of the record's hash). Immutable.
 *
 * @param leafIndex the leaf's position, from 0 (for a ledger record: its global position minus one)
 * @param treeSize the number of leaves of the tree the proof is against
 * @param hashes the audit path
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> hashes) {
    /** Checks the numbers and copies the list. */
    public InclusionProof {
        if (treeSize < 1) {
            throw new InvalidInputException("treeSize", treeSize, "must be at least 1");
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new InvalidInputException("leafIndex", leafIndex, "must be from 0 to " + (treeSize - 1));
        }
        hashes = List.copyOf(hashes);
    }

    /**
     * The root the proof leads to from {@code leafHash} (RFC 9162 section 2.1.3.2).
     *
     * @throws ProofVerificationException if the path has the wrong length for the index and size
     */
    public Hash rootFrom(Hash leafHash) {
        Objects.requireNonNull(leafHash, "leafHash");
        long fn = leafIndex;
        long sn = treeSize - 1;
        Hash r = leafHash;
        for (Hash p : hashes) {
            if (sn == 0) {
                throw new ProofVerificationException(
                        "inclusion proof of leaf " + leafIndex + " in " + treeSize + " is too long");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = TreeHashes.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = TreeHashes.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofVerificationException(
                    "inclusion proof of leaf " + leafIndex + " in " + treeSize + " is too short");
        }
        return r;
    }

    /**
     * Checks that {@code leafHash} is leaf {@link #leafIndex()} of the tree whose root is {@code root}.
     *
     * @throws ProofVerificationException if it is not
     */
    public void verify(Hash leafHash, Hash root) {
        Objects.requireNonNull(root, "root");
        Hash got = rootFrom(leafHash);
        if (!got.equals(root)) {
            throw new ProofVerificationException("inclusion proof of leaf " + leafIndex + " in " + treeSize
                    + " leads to root " + got + ", not " + root);
        }
    }

    /** Whether {@link #verify(Hash, Hash)} passes. */
    public boolean verifies(Hash leafHash, Hash root) {
        try {
            verify(leafHash, root);
            return true;
        } catch (ProofVerificationException e) {
            return false;
        }
    }

    /** As JSON: {@code {"logIndex":…,"treeSize":…,"hashes":["hex",…]}}, the field names of Rekor's proofs. */
    public String toJson() {
        return ProofJson.write(toJsonNode());
    }

    ObjectNode toJsonNode() {
        ObjectNode o = ProofJson.object();
        o.put("logIndex", leafIndex);
        o.put("treeSize", treeSize);
        o.set("hashes", ProofJson.hashes(hashes));
        return o;
    }

    /**
     * Reads {@link #toJson()}.
     *
     * @throws InvalidInputException naming the field that is missing or wrong
     */
    public static InclusionProof fromJson(String json) {
        return fromJsonNode(ProofJson.parse("json", Objects.requireNonNull(json, "json")));
    }

    static InclusionProof fromJsonNode(ObjectNode o) {
        return new InclusionProof(
                ProofJson.number(o, "logIndex"), ProofJson.number(o, "treeSize"), ProofJson.hashList(o, "hashes"));
    }
}
