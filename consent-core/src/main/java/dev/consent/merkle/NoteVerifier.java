package dev.consent.merkle;

import dev.consent.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 public key under a name, as a C2SP {@code signed-note} verifier key:
 * {@code <name>+<key ID as 8 hex digits>+<base64(0x01 || 32-byte public key)>}, the key ID being the first four
 * bytes of {@code SHA-256(name || 0x0A || 0x01 || public key)}. This text is what an auditor keeps and hands to
 * any note verifier (Go's {@code golang.org/x/mod/sumdb/note}, for one). Immutable and thread-safe.
 */
public final class NoteVerifier {
    /** The signature type byte of Ed25519 in signed notes. */
    static final byte ED25519 = 0x01;

    private final String name;
    private final int keyId;
    private final byte[] rawKey;
    private final PublicKey publicKey;

    private NoteVerifier(String name, byte[] rawKey, PublicKey publicKey) {
        this.name = name;
        this.rawKey = rawKey;
        this.publicKey = publicKey;
        this.keyId = keyId(name, rawKey);
    }

    /**
     * The verifier of an Ed25519 public key.
     *
     * @param name the key name: not blank, no spaces and no {@code +}
     * @throws InvalidInputException if the name or the key is not acceptable
     */
    public static NoteVerifier of(String name, PublicKey publicKey) {
        requireKeyName(name);
        Objects.requireNonNull(publicKey, "publicKey");
        byte[] raw = Ed25519Keys.rawPublic(publicKey);
        return new NoteVerifier(name, raw, Ed25519Keys.publicKey(raw));
    }

    /**
     * Reads a verifier key in the text form of {@link #toString()}.
     *
     * @throws InvalidInputException if it is not an Ed25519 verifier key, or its key ID does not match its key
     */
    public static NoteVerifier parse(String verifierKey) {
        Objects.requireNonNull(verifierKey, "verifierKey");
        String[] parts = verifierKey.split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new InvalidInputException("verifierKey", verifierKey, "must be <name>+<8 hex digits>+<base64>");
        }
        requireKeyName(parts[0]);
        byte[] key;
        int id;
        try {
            key = Base64.getDecoder().decode(parts[2]);
            id = (int) Long.parseLong(parts[1], 16);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("verifierKey", verifierKey, "must be <name>+<8 hex digits>+<base64>");
        }
        if (key.length != 33 || key[0] != ED25519) {
            throw new InvalidInputException("verifierKey", verifierKey, "must be an Ed25519 key (type 0x01)");
        }
        byte[] raw = Arrays.copyOfRange(key, 1, 33);
        NoteVerifier v = new NoteVerifier(parts[0], raw, Ed25519Keys.publicKey(raw));
        if (v.keyId != id) {
            throw new InvalidInputException("verifierKey", verifierKey, "has a key ID that does not match its key");
        }
        return v;
    }

    /** The key name. */
    public String name() {
        return name;
    }

    /** The 4-byte key ID, big-endian. */
    public int keyId() {
        return keyId;
    }

    /** The public key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Checks that {@code note} carries a valid signature by this key; signatures by other keys are ignored, as
     * the signed-note specification requires.
     *
     * @return the signature that verified
     * @throws ProofVerificationException if no signature of this key verifies
     */
    public NoteSignature verify(SignedNote note) {
        Objects.requireNonNull(note, "note");
        byte[] message = note.text().getBytes(StandardCharsets.UTF_8);
        boolean seen = false;
        for (NoteSignature s : note.signatures()) {
            if (s.keyName().equals(name) && s.keyId() == keyId) {
                seen = true;
                if (Ed25519Keys.verify(publicKey, message, s.signature())) {
                    return s;
                }
            }
        }
        throw new ProofVerificationException(
                seen
                        ? "the note's signature by " + name + " is not valid"
                        : "the note carries no signature by " + name + " (key ID " + hexId() + ")");
    }

    private String hexId() {
        return String.format("%08x", keyId);
    }

    static int keyId(String name, byte[] rawKey) {
        MessageDigest d = TreeHashes.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(ED25519);
        d.update(rawKey);
        byte[] h = d.digest();
        return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
    }

    static void requireKeyName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
            throw new InvalidInputException("name", name, "must be a key name: not empty, no spaces and no '+'");
        }
    }

    /** The verifier key text: {@code <name>+<key ID hex>+<base64(0x01 || key)>}. */
    @Override
    public String toString() {
        byte[] typed = new byte[33];
        typed[0] = ED25519;
        System.arraycopy(rawKey, 0, typed, 1, 32);
        return name + "+" + hexId() + "+" + Base64.getEncoder().encodeToString(typed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifier v && v.name.equals(name) && Arrays.equals(v.rawKey, rawKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(rawKey);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
