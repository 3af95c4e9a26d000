package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.spi.RecordHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Changes to stored records that tampering tests make: a record resealed, replaced, found. */
final class RecordEdits {
    private RecordEdits() {}

    /** {@code r} with its hash recomputed without an integrity key, as a forger without the key would. */
    static ConsentRecord sealWithoutKey(ConsentRecord r) {
        return copy(r, r.id(), new RecordHasher(null).hash(r));
    }

    /** A copy of {@code r} under a new record id, its hash left as it was (reseal it to make it consistent). */
    static ConsentRecord withNewId(ConsentRecord r) {
        return copy(r, UUID.randomUUID(), r.hash());
    }

    /** {@code r} with another hash, every other field as it is. */
    static ConsentRecord withHash(ConsentRecord r, dev.consent.Hash hash) {
        return copy(r, r.id(), hash);
    }

    /** {@code r} with another id and hash, every other field as it is. */
    private static ConsentRecord copy(ConsentRecord r, UUID id, dev.consent.Hash hash) {
        return new ConsentRecord(
                r.position(),
                id,
                r.subject(),
                r.subjectSequence(),
                r.purposeId(),
                r.purposeVersion(),
                r.action(),
                r.recordedAt(),
                r.expiresAt(),
                r.noticeVersion(),
                r.collectionPoint(),
                r.channel(),
                r.actor(),
                r.jurisdiction(),
                r.interactionId(),
                r.evidenceDigest(),
                r.previousHash(),
                hash);
    }

    /** {@code records} with the record {@code id} changed by {@code change}. */
    static List<ConsentRecord> replace(List<ConsentRecord> records, UUID id, UnaryOperator<ConsentRecord> change) {
        List<ConsentRecord> out = new ArrayList<>(records.size());
        for (ConsentRecord r : records) {
            out.add(r.id().equals(id) ? change.apply(r) : r);
        }
        return out;
    }

    /** Where the record {@code id} is in {@code records}, or -1. */
    static int indexOf(List<ConsentRecord> records, UUID id) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** A fixed integrity key of 32 bytes. */
    static byte[] integrityKey() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        return key;
    }
}
