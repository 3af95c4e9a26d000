package dev.consent.merkle;

import dev.consent.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;

/**
 * The hashes of RFC 6962 section 2.1 (RFC 9162 section 2.1.1) with SHA-256: a leaf is hashed as
 * {@code SHA-256(0x00 || leaf)}, an inner node as {@code SHA-256(0x01 || left || right)}, and the empty tree's
 * root is {@code SHA-256("")}. The domain prefixes keep a leaf from being passed off as an inner node. Stateless
 * and thread-safe.
 */
public final class TreeHashes {
    /** The root of the tree with no leaves: the SHA-256 of the empty string. */
    public static final Hash EMPTY_ROOT = Hash.of(sha256().digest());

    private TreeHashes() {}

    /** {@code SHA-256(0x00 || data)}: the leaf hash of an entry whose content is {@code data}. */
    public static Hash leaf(byte[] data) {
        Objects.requireNonNull(data, "data");
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(data);
        return Hash.of(d.digest());
    }

    /**
     * The leaf hash of a ledger record: the leaf is the record's own hash (its 32 bytes), which holds the
     * evidence only as salted digests, so erasing evidence leaves every tree hash valid.
     */
    public static Hash leaf(Hash recordHash) {
        return leaf(Objects.requireNonNull(recordHash, "recordHash").toBytes());
    }

    /** {@code SHA-256(0x01 || left || right)}: the hash of an inner node. */
    public static Hash node(Hash left, Hash right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left.toBytes());
        d.update(right.toBytes());
        return Hash.of(d.digest());
    }

    /**
     * The root of the tree over {@code leafHashes} (already hashed with {@link #leaf(byte[])}), computed in memory
     * from all of them: for small trees and for checking; stores answer {@link SubtreeSource} instead.
     */
    public static Hash root(List<Hash> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        Frontier f = Frontier.EMPTY;
        for (Hash h : leafHashes) {
            f = f.append(h, null);
        }
        return f.root();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
