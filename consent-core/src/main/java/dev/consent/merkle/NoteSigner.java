package dev.consent.merkle;

import dev.consent.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Signs notes with an Ed25519 private key under a key name, as C2SP {@code signed-note} defines. The key is held
 * by the application, outside the ledger's database (a file, a secret store, an HSM-backed
 * {@link java.security.PrivateKey}); whoever can change the database then still cannot sign a shorter ledger.
 * Thread-safe.
 */
public final class NoteSigner {
    private final PrivateKey privateKey;
    private final NoteVerifier verifier;

    private NoteSigner(PrivateKey privateKey, NoteVerifier verifier) {
        this.privateKey = privateKey;
        this.verifier = verifier;
    }

    /**
     * A signer of an Ed25519 key pair. The pair is checked by signing and verifying a probe.
     *
     * @param name the key name, usually the log's origin or a host name: not blank, no spaces and no {@code +}
     * @throws InvalidInputException if the name is not acceptable, the keys are not Ed25519, or not a pair
     */
    public static NoteSigner of(String name, KeyPair keys) {
        Objects.requireNonNull(keys, "keys");
        NoteVerifier v = NoteVerifier.of(name, keys.getPublic());
        Ed25519Keys.rawPrivate(keys.getPrivate());
        byte[] probe = "consent ledger key check\n".getBytes(StandardCharsets.UTF_8);
        if (!Ed25519Keys.verify(v.publicKey(), probe, Ed25519Keys.sign(keys.getPrivate(), probe))) {
            throw new InvalidInputException("keys", name, "the private key does not match the public key");
        }
        return new NoteSigner(keys.getPrivate(), v);
    }

    /** A signer of a new, random Ed25519 key pair. */
    public static NoteSigner generate(String name) {
        return of(name, Ed25519Keys.generate());
    }

    /**
     * Reads a signer key in the text form of Go's {@code note.NewSigner}:
     * {@code PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 || 32-byte seed)>}.
     *
     * @throws InvalidInputException if it is not such a key, or the key ID does not match
     */
    public static NoteSigner parse(String signerKey) {
        Objects.requireNonNull(signerKey, "signerKey");
        String[] parts = signerKey.split("\\+", 5);
        if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY") || parts[3].length() != 8) {
            throw new InvalidInputException(
                    "signerKey", "(not shown)", "must be PRIVATE+KEY+<name>+<8 hex digits>+<base64>");
        }
        byte[] key;
        int id;
        try {
            key = Base64.getDecoder().decode(parts[4]);
            id = (int) Long.parseLong(parts[3], 16);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "signerKey", "(not shown)", "must be PRIVATE+KEY+<name>+<8 hex digits>+<base64>");
        }
        if (key.length != 33 || key[0] != NoteVerifier.ED25519) {
            throw new InvalidInputException("signerKey", "(not shown)", "must be an Ed25519 key (type 0x01)");
        }
        NoteSigner s = of(parts[2], Ed25519Keys.fromSeed(Arrays.copyOfRange(key, 1, 33)));
        if (s.verifier.keyId() != id) {
            throw new InvalidInputException("signerKey", "(not shown)", "has a key ID that does not match its key");
        }
        return s;
    }

    /** The key name. */
    public String name() {
        return verifier.name();
    }

    /** The verifier of this signer's key: what to publish for auditors. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /**
     * Signs {@code text}.
     *
     * @param text UTF-8 text ending in a newline, without control characters
     * @throws InvalidInputException if the text is not of that form
     */
    public SignedNote sign(String text) {
        SignedNote.requireText(text);
        byte[] sig = Ed25519Keys.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
        return new SignedNote(text, List.of(new NoteSignature(verifier.name(), verifier.keyId(), sig)));
    }

    /**
     * The signer key text of {@link #parse(String)}: it holds the private key, so keep it as a secret.
     */
    public String toSignerKey() {
        byte[] typed = new byte[33];
        typed[0] = NoteVerifier.ED25519;
        System.arraycopy(Ed25519Keys.rawPrivate(privateKey), 0, typed, 1, 32);
        return "PRIVATE+KEY+" + name() + "+" + String.format("%08x", verifier.keyId()) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    /** Names the key and its ID; never shows the private key. */
    @Override
    public String toString() {
        return "NoteSigner[" + verifier + "]";
    }
}
