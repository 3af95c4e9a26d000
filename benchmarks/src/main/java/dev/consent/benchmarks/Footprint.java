package dev.consent.benchmarks;

import dev.consent.ConsentSystem;
import dev.consent.memory.InMemoryConsentStore;

/**
 * M1: heap retained by the in-memory store per record. The store is filled through the library (each
 * subject grants e-mail and refuses SMS in one interaction, without evidence), and the heap in use is read
 * after repeated full collections before and after; the system's cache holds nothing (writes never insert
 * into it, and nothing is checked).
 */
final class Footprint {
    private Footprint() {}

    static Gate perRecord(int records) {
        long before = usedAfterGc();
        InMemoryConsentStore store = new InMemoryConsentStore();
        try (ConsentSystem consent = Fixture.system(store, 1_000)) {
            Fixture.populate(consent, Zipf.subjects(records / 2));
        }
        long after = usedAfterGc();
        long perRecord = (after - before) / records;
        if (store.headPosition() != records) {
            throw new IllegalStateException("expected " + records + " records, found " + store.headPosition());
        }
        // a heap reading, not an exact count: reported and gated like a timing (never fails the quick build)
        return Gate.timing(
                "M1",
                "heap retained by the in-memory store per record, "
                        + String.format(java.util.Locale.ROOT, "%,d", records) + " records",
                perRecord + " B/record",
                "≤ 250 B",
                perRecord <= 250);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
