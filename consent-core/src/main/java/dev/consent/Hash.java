package dev.consent;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A 32-byte digest (SHA-256 or HMAC-SHA256), immutable, shown and parsed as lowercase hex. */
public final class Hash {
    /** Length of a hash in bytes. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param bytes exactly {@value #LENGTH} bytes; copied
     * @throws InvalidInputException if the length is wrong
     */
    public static Hash of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new InvalidInputException("hash", bytes.length + " bytes", "must be " + LENGTH + " bytes");
        }
        return new Hash(bytes.clone());
    }

    /**
     * @param hex 64 hex digits
     * @throws InvalidInputException if it is not 64 hex digits
     */
    public static Hash fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != LENGTH * 2) {
            throw new InvalidInputException("hash", hex, "must be " + LENGTH * 2 + " hex digits");
        }
        try {
            return new Hash(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("hash", hex, "must be hex digits");
        }
    }

    /** A copy of the bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The hash as 64 lowercase hex digits. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash h && java.security.MessageDigest.isEqual(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
