package dev.consent.merkle;

import dev.consent.InvalidInputException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <key name> <base64(key ID || signature)>}. Immutable.
 *
 * @param keyName the name of the key, as in the verifier key
 * @param keyId the 4-byte key ID, big-endian
 * @param signature the signature bytes (64 for Ed25519)
 */
public record NoteSignature(String keyName, int keyId, byte[] signature) {
    /** Checks the name and copies the signature. */
    public NoteSignature {
        NoteVerifier.requireKeyName(keyName);
        signature = Objects.requireNonNull(signature, "signature").clone();
        if (signature.length == 0) {
            throw new InvalidInputException("signature", "0 bytes", "must not be empty");
        }
    }

    /** A copy of the signature bytes. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The line as it stands in the note, without the final newline. */
    public String line() {
        byte[] blob = new byte[4 + signature.length];
        blob[0] = (byte) (keyId >>> 24);
        blob[1] = (byte) (keyId >>> 16);
        blob[2] = (byte) (keyId >>> 8);
        blob[3] = (byte) keyId;
        System.arraycopy(signature, 0, blob, 4, signature.length);
        return "\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(blob);
    }

    /**
     * Reads a signature line (without its newline).
     *
     * @throws InvalidInputException if it is not of that form
     */
    public static NoteSignature parse(String line) {
        Objects.requireNonNull(line, "line");
        if (!line.startsWith("\u2014 ")) {
            throw new InvalidInputException("signature line", line, "must start with an em dash and a space");
        }
        String rest = line.substring(2);
        int space = rest.indexOf(' ');
        if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
            throw new InvalidInputException("signature line", line, "must be '— <name> <base64>'");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(rest.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("signature line", line, "must end in standard base64");
        }
        if (blob.length < 5) {
            throw new InvalidInputException("signature line", line, "must hold a key ID and a signature");
        }
        int id = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        return new NoteSignature(rest.substring(0, space), id, Arrays.copyOfRange(blob, 4, blob.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature s
                && s.keyName.equals(keyName)
                && s.keyId == keyId
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return line();
    }
}
