package dev.consent.spi;

import dev.consent.Evidence;
import dev.consent.EvidenceKeyMissingException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals stored evidence (the evidence and its salt) for one record with AES-GCM under its subject's data key, and
 * opens it again: what a store writes instead of the evidence itself. The sealed form is a version byte (1), a
 * random 12-byte nonce and the ciphertext with its 16-byte tag; the subject and the record id are authenticated
 * with it, so evidence moved to another row does not open. The salt is sealed too: left readable beside a record's
 * digest, it would let an IP address be brute-forced back from the digest. Thread-safe.
 */
public final class EvidenceSeal {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private EvidenceSeal() {}

    /**
     * The sealed form of {@code evidence}, the evidence of record {@code recordId} of {@code subject}.
     *
     * @throws IllegalStateException if the key is not a usable AES key
     */
    public static byte[] seal(StoredEvidence evidence, SecretKey key, String subject, UUID recordId) {
        byte[] plain = encode(evidence);
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associated(subject, recordId));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal evidence with key " + key.getAlgorithm(), e);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The evidence {@link #seal} sealed.
     *
     * @throws EvidenceKeyMissingException if it does not open under {@code key} for this subject and record (a
     *     wrong key, a changed ciphertext, evidence moved to another row)
     */
    public static StoredEvidence open(byte[] sealed, SecretKey key, String subject, UUID recordId) {
        if (sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new EvidenceKeyMissingException(
                    subject, "the sealed evidence of record " + recordId + " has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            c.updateAAD(associated(subject, recordId));
            byte[] plain = c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
            return decode(plain);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EvidenceKeyMissingException(
                    subject, "the evidence of record " + recordId + " does not open under the subject's key", e);
        }
    }

    private static byte[] associated(String subject, UUID recordId) {
        return (subject + '\u0000' + recordId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] encode(StoredEvidence stored) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(stored.salt());
        Evidence e = stored.evidence();
        text(out, e.ipAddress());
        text(out, e.userAgent());
        out.write(e.attributes().size());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            text(out, a.getKey());
            text(out, a.getValue());
        }
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, @Nullable String s) {
        if (s == null) {
            out.writeBytes(new byte[] {-1, -1, -1, -1});
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    private static StoredEvidence decode(byte[] plain) {
        ByteBuffer in = ByteBuffer.wrap(plain);
        byte[] salt = new byte[dev.consent.Limits.SALT_LENGTH];
        in.get(salt);
        String ip = text(in);
        String ua = text(in);
        int count = in.get() & 0xff;
        Map<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(text(in), text(in));
        }
        return new StoredEvidence(new Evidence(ip, ua, attributes), salt);
    }

    private static @Nullable String text(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
