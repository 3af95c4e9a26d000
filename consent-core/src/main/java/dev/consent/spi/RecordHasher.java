package dev.consent.spi;

import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Hash;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Computes record hashes and evidence digests in the ledger's canonical, length-prefixed encoding (format v1):
 * the hashes every {@code ConsentSystem} seals its records with, published so that store authors, their tests
 * and audit tools can compute them without the library's implementation. With an integrity key the record
 * hash is HMAC-SHA256, otherwise SHA-256. Thread-safe.
 */
public final class RecordHasher {
    private static final byte[] RECORD_TAG = "consent-record-v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVIDENCE_TAG = "consent-evidence-v1".getBytes(StandardCharsets.UTF_8);

    private final byte @Nullable [] key;

    /** @param key the HMAC key, or {@code null} for plain SHA-256 */
    public RecordHasher(byte @Nullable [] key) {
        this.key = key == null ? null : key.clone();
    }

    /** The hash of {@code r}: every field but the position and the hash itself, and the previous hash. */
    public Hash hash(ConsentRecord r) {
        Encoder e = new Encoder();
        e.bytes(RECORD_TAG);
        e.string(r.id().toString());
        e.string(r.subject());
        e.number(r.subjectSequence());
        e.string(r.purposeId());
        e.number(r.purposeVersion());
        e.string(r.action().name());
        e.instant(r.recordedAt());
        e.instant(r.expiresAt());
        e.string(r.noticeVersion());
        e.string(r.collectionPoint());
        e.string(r.channel().name());
        e.string(r.actor().type().name());
        e.string(r.actor().id());
        e.string(r.actor().authority());
        e.string(r.jurisdiction());
        e.string(r.interactionId());
        e.hash(r.evidenceDigest());
        e.hash(r.previousHash());
        return Hash.of(key == null ? sha256(e.toBytes()) : hmac(key, e.toBytes()));
    }

    /** The salted digest of {@code evidence}. */
    public static Hash evidenceDigest(Evidence evidence, byte[] salt) {
        Encoder e = new Encoder();
        e.bytes(EVIDENCE_TAG);
        e.bytes(salt);
        e.string(evidence.ipAddress());
        e.string(evidence.userAgent());
        e.number(evidence.attributes().size());
        for (Map.Entry<String, String> a : evidence.attributes().entrySet()) {
            e.string(a.getKey());
            e.string(a.getValue());
        }
        return Hash.of(sha256(e.toBytes()));
    }

    /** A record id derived from nothing: random. */
    public static UUID newRecordId() {
        return UUID.randomUUID();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Length-prefixed encoding: a null and an empty string encode differently. */
    private static final class Encoder {
        private byte[] buf = new byte[512];
        private int size;

        void bytes(byte[] b) {
            number(b.length);
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        void string(@Nullable String s) {
            if (s == null) {
                number(-1);
            } else {
                bytes(s.getBytes(StandardCharsets.UTF_8));
            }
        }

        void instant(@Nullable Instant i) {
            if (i == null) {
                write(0);
            } else {
                write(1);
                number(i.toEpochMilli());
            }
        }

        void hash(@Nullable Hash h) {
            if (h == null) {
                write(0);
            } else {
                write(1);
                byte[] b = h.toBytes();
                room(b.length);
                System.arraycopy(b, 0, buf, size, b.length);
                size += b.length;
            }
        }

        /** Eight bytes, most significant first. */
        void number(long v) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (v >>> shift);
            }
        }

        private void write(int b) {
            room(1);
            buf[size++] = (byte) b;
        }

        private void room(int more) {
            if (size + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] toBytes() {
            return java.util.Arrays.copyOf(buf, size);
        }
    }
}
