package dev.consent.memory;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The records of the feed by id, kept compactly: an open-addressing table of feed indexes (plus one), 4
 * bytes a slot at a load of at most four fifths, so 5 to 10 bytes a record and no object per record (a
 * {@code HashMap<UUID, ...>} would cost a UUID and an entry, some 80 bytes, and the store's footprint gate, M1,
 * allows 250 bytes a record in all). A lookup hashes the id, probes linearly (a few slots at that load, the ids
 * being random) and compares the id with the record the slot names. Not thread-safe: the store guards it with
 * its lock.
 */
final class RecordIndex {
    private int[] slots = new int[1024];
    private int size;

    /** Indexes {@code feed.get(feedIndex)}, whose id is {@code id}. */
    void add(UUID id, int feedIndex, List<CompactRecord> feed) {
        if ((size + 1L) * 5 > slots.length * 4L) {
            grow(feed);
        }
        put(slots, id.getMostSignificantBits(), id.getLeastSignificantBits(), feedIndex);
        size++;
    }

    /** The record with {@code id} in {@code feed}, or null. */
    @Nullable
    CompactRecord find(UUID id, List<CompactRecord> feed) {
        long high = id.getMostSignificantBits();
        long low = id.getLeastSignificantBits();
        int mask = slots.length - 1;
        for (int i = slot(high, low, mask); ; i = (i + 1) & mask) {
            int entry = slots[i];
            if (entry == 0) {
                return null;
            }
            CompactRecord r = feed.get(entry - 1);
            if (r.hasId(high, low)) {
                return r;
            }
        }
    }

    private void grow(List<CompactRecord> feed) {
        int[] bigger = new int[slots.length * 2];
        for (int entry : slots) {
            if (entry != 0) {
                CompactRecord r = feed.get(entry - 1);
                put(bigger, r.idHigh(), r.idLow(), entry - 1);
            }
        }
        slots = bigger;
    }

    private static void put(int[] table, long high, long low, int feedIndex) {
        int mask = table.length - 1;
        int i = slot(high, low, mask);
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = feedIndex + 1;
    }

    private static int slot(long high, long low, int mask) {
        long h = (high ^ low) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
