package dev.consent.memory;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Purpose;
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What only a heap store can get wrong; the shared promises are in {@link InMemoryStoreKitTest}. */
class InMemoryConsentStoreTest {
    private final InMemoryConsentStore store = new InMemoryConsentStore();

    /** The store hands out its data in collections; none of them may be a window onto its own. */
    @Test
    void collectionsItHandsOut_cannotChangeWhatIsStored() {
        SubjectAppend a = newChain("alice")
                .append("form-1", grant("p.one").evidence(Evidence.of("203.0.113.9", "UA")), grant("p.two"));
        Purpose purpose = TestRecords.purpose("p.one").build();
        store.savePurpose(purpose);
        List<ConsentRecord> appended = store.append(List.of(a));
        List<ConsentRecord> records = List.copyOf(appended);
        Map<UUID, StoredEvidence> evidence = Map.copyOf(a.evidence());
        CurrentState head = store.loadCurrentState("alice");

        tamperWith(appended);
        tamperWith(store.readSubject("alice"));
        tamperWith(store.readFeed(0, 10));
        tamperWith(store.loadCurrentState("alice").latest());
        tamperWith(store.loadCurrentStates(List.of("alice")).values());
        tamperWith(store.loadCurrentStates(List.of("alice")).keySet());
        tamperWith(store.readEvidence("alice").keySet());
        tamperWith(store.loadPurposes());

        assertThat(store.readSubject("alice")).isEqualTo(records);
        assertThat(store.readFeed(0, 10)).isEqualTo(records);
        assertThat(store.loadCurrentState("alice")).isEqualTo(head);
        assertThat(store.loadCurrentStates(List.of("alice"))).containsExactly(Map.entry("alice", head));
        assertThat(store.readEvidence("alice")).isEqualTo(evidence);
        assertThat(store.loadPurposes()).containsExactly(purpose);
    }

    /** Empties the collection if it lets itself be changed. */
    private static void tamperWith(Collection<?> collection) {
        try {
            collection.clear();
        } catch (UnsupportedOperationException expected) {
            // unmodifiable: nothing to tamper with
        }
    }
}
