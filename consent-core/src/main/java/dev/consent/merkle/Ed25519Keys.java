package dev.consent.merkle;

import dev.consent.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 keys between {@code java.security} and the raw 32-byte forms that signed notes carry: the X.509 and
 * PKCS#8 encodings of an Ed25519 key are a fixed prefix followed by the raw key (RFC 8410).
 */
final class Ed25519Keys {
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private Ed25519Keys() {}

    static byte[] rawPublic(PublicKey key) {
        byte[] enc = key.getEncoded();
        if (!"Ed25519".equalsIgnoreCase(algorithm(key.getAlgorithm()))
                || enc == null
                || enc.length != X509_PREFIX.length + 32
                || !Arrays.equals(enc, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new InvalidInputException("publicKey", key.getAlgorithm(), "must be an Ed25519 public key");
        }
        return Arrays.copyOfRange(enc, X509_PREFIX.length, enc.length);
    }

    static byte[] rawPrivate(PrivateKey key) {
        byte[] enc = key.getEncoded();
        if (!"Ed25519".equalsIgnoreCase(algorithm(key.getAlgorithm()))
                || enc == null
                || enc.length != PKCS8_PREFIX.length + 32
                || !Arrays.equals(enc, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            throw new InvalidInputException("privateKey", key.getAlgorithm(), "must be an Ed25519 private key");
        }
        return Arrays.copyOfRange(enc, PKCS8_PREFIX.length, enc.length);
    }

    private static String algorithm(String name) {
        return "EdDSA".equalsIgnoreCase(name) ? "Ed25519" : name;
    }

    static PublicKey publicKey(byte[] raw) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new InvalidInputException("publicKey", raw.length + " bytes", "is not an Ed25519 public key");
        }
    }

    /** The key pair of a 32-byte seed (the private key of RFC 8032), public key derived from it. */
    static KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new InvalidInputException("privateKey", seed.length + " bytes", "must be 32 bytes");
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = g.generateKeyPair();
            PrivateKey given = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            if (!Arrays.equals(rawPrivate(pair.getPrivate()), seed)) {
                throw new IllegalStateException("this Java runtime derives Ed25519 keys from other random bytes");
            }
            return new KeyPair(pair.getPublic(), given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }

    static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with Ed25519", e);
        }
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Hands out the seed as the generator's random bytes, so the generator derives the seed's public key. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("asked for " + out.length + " random bytes, not 32");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
