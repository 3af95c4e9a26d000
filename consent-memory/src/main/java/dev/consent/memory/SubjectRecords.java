package dev.consent.memory;

import dev.consent.ConsentRecord;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One subject's records, in append order, and what is kept beside them: the latest record per slot and the
 * interaction ids once the subject has many records, and the evidence. Not thread-safe: guarded by the
 * store's lock.
 */
final class SubjectRecords {
    /** Above this many records a subject keeps an index of its latest record per slot; below, reads scan. */
    private static final int INDEXED_FROM = 16;

    private final String id;
    private CompactRecord[] records = new CompactRecord[2];
    private int count;
    /** The latest record per slot, once the subject has {@link #INDEXED_FROM} records; null before. */
    private @Nullable HashMap<String, CompactRecord> latest;
    /** Interaction ids, once the subject has {@link #INDEXED_FROM} records; null before (records are scanned). */
    private @Nullable HashSet<String> interactions;

    /** The evidence, sealed under the subject's data key ({@link dev.consent.spi.EvidenceSeal}). */
    private @Nullable HashMap<UUID, byte[]> evidence;

    SubjectRecords(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /** How many records the subject has, which is also the index the next one gets. */
    int count() {
        return count;
    }

    CompactRecord get(int index) {
        return records[index];
    }

    /** The sequence of the latest record: appends give consecutive sequences from 1 ({@link SubjectAppend}). */
    long sequence() {
        return count;
    }

    boolean hasInteraction(String interactionId) {
        if (interactions != null) {
            return interactions.contains(interactionId);
        }
        for (int i = 0; i < count; i++) {
            if (records[i].hasInteraction(interactionId)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the subject's next record: one made with this subject and {@link #count()} as its index. */
    void add(CompactRecord record) {
        if (count == records.length) {
            records = Arrays.copyOf(records, count + Math.max(2, count / 2));
        }
        records[count++] = record;
        if (latest != null) {
            latest.put(record.slot(), record);
            interactions.add(record.interactionId());
        } else if (count >= INDEXED_FROM) {
            latest = new HashMap<>();
            interactions = new HashSet<>();
            for (int i = 0; i < count; i++) {
                latest.put(records[i].slot(), records[i]);
                interactions.add(records[i].interactionId());
            }
        }
    }

    /** The latest record per purpose and per lifecycle action. */
    List<ConsentRecord> latestRecords() {
        Collection<CompactRecord> found;
        if (latest != null) {
            found = latest.values();
        } else {
            Map<String, CompactRecord> scan = new HashMap<>();
            for (int i = 0; i < count; i++) {
                scan.put(records[i].slot(), records[i]);
            }
            found = scan.values();
        }
        List<ConsentRecord> out = new ArrayList<>(found.size());
        for (CompactRecord r : found) {
            out.add(r.record());
        }
        return out;
    }

    List<ConsentRecord> records() {
        List<ConsentRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(records[i].record());
        }
        return out;
    }

    void addEvidence(Map<UUID, byte[]> more) {
        if (more.isEmpty()) {
            return;
        }
        if (evidence == null) {
            evidence = new HashMap<>(4);
        }
        evidence.putAll(more);
    }

    /** A copy of the sealed evidence, empty once erased. */
    Map<UUID, byte[]> evidence() {
        return evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** Whether the evidence of record {@code id} is stored. */
    boolean hasEvidence(UUID id) {
        return evidence != null && evidence.containsKey(id);
    }

    /** Deletes the evidence of record {@code id}; returns whether there was any. */
    boolean removeEvidence(UUID id) {
        return evidence != null && evidence.remove(id) != null;
    }

    /** When the subject's latest record was recorded, in epoch milliseconds; the subject has a record. */
    long lastRecordedAtMillis() {
        return records[count - 1].recordedAtMillis();
    }

    /** Whether the subject has an erasure record. */
    boolean erased() {
        for (int i = count - 1; i >= 0; i--) {
            if (records[i].is(dev.consent.Action.SUBJECT_ERASED)) {
                return true;
            }
        }
        return false;
    }

    void eraseEvidence() {
        evidence = null;
    }
}
