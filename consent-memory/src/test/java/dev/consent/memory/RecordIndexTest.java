package dev.consent.memory;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store's index of record ids ({@link RecordIndex}) across its growth: every record of a ledger
 * that outgrew the first table several times is found by id, and ids it does not hold are not.
 */
class RecordIndexTest {
    @Test
    void everyRecord_isFoundById_afterTheTableGrewSeveralTimes() {
        InMemoryConsentStore store = new InMemoryConsentStore();
        List<ConsentRecord> stored = new ArrayList<>();
        for (int s = 0; s < 2_500; s++) {
            stored.addAll(
                    store.append(List.of(newChain("subject-" + s).append("form", grant("p.one"), grant("p.two")))));
        }

        int found = 0;
        for (ConsentRecord r : stored) {
            assertThat(store.readRecord(r.id())).contains(r);
            found++;
        }
        int absent = 0;
        for (int i = 0; i < 1_000; i++) {
            if (store.readRecord(UUID.randomUUID()).isEmpty()) {
                absent++;
            }
        }

        assertThat(found).isEqualTo(5_000);
        assertThat(absent).isEqualTo(1_000);
    }
}
