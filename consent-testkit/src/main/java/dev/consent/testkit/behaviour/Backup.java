package dev.consent.testkit.behaviour;

import dev.consent.ConsentRecord;
import dev.consent.Purpose;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A backup of a store taken through the SPI (every record, its evidence, every purpose version) and restored
 * by appending the same records to an empty store, which gives them the same positions. A subject erased
 * before the backup cannot be restored this way (its records name evidence that is gone); stores that can
 * copy their storage directly restore those too.
 */
public final class Backup {
    private final List<ConsentRecord> records;
    private final Map<String, Map<UUID, StoredEvidence>> evidence;
    private final List<Purpose> purposes;

    private Backup(
            List<ConsentRecord> records, Map<String, Map<UUID, StoredEvidence>> evidence, List<Purpose> purposes) {
        this.records = records;
        this.evidence = evidence;
        this.purposes = purposes;
    }

    /** Reads everything {@code store} holds. */
    public static Backup of(ConsentStore store) {
        List<ConsentRecord> records = new ArrayList<>();
        for (List<ConsentRecord> page = store.readFeed(0, 500);
                !page.isEmpty();
                page = store.readFeed(page.get(page.size() - 1).position(), 500)) {
            records.addAll(page);
        }
        Map<String, Map<UUID, StoredEvidence>> evidence = new HashMap<>();
        for (ConsentRecord r : records) {
            evidence.computeIfAbsent(r.subject(), store::readEvidence);
        }
        return new Backup(records, evidence, List.copyOf(store.loadPurposes()));
    }

    /** Writes the backup into {@code empty}, interaction by interaction, in the original order. */
    public void restoreInto(ConsentStore empty) {
        purposes.forEach(empty::savePurpose);
        int i = 0;
        while (i < records.size()) {
            ConsentRecord first = records.get(i);
            List<ConsentRecord> batch = new ArrayList<>();
            Map<UUID, StoredEvidence> ev = new LinkedHashMap<>();
            while (i < records.size()
                    && records.get(i).subject().equals(first.subject())
                    && records.get(i).interactionId().equals(first.interactionId())) {
                ConsentRecord r = records.get(i++);
                batch.add(r.withPosition(0));
                if (r.evidenceDigest() != null) {
                    StoredEvidence e = evidence.get(r.subject()).get(r.id());
                    if (e == null) {
                        throw new IllegalStateException("the backup lacks evidence of a record (subject erased"
                                + " before the backup?): " + r.id());
                    }
                    ev.put(r.id(), e);
                }
            }
            empty.append(List.of(
                    new SubjectAppend(first.subject(), first.interactionId(), first.subjectSequence() - 1, batch, ev)));
        }
    }
}
