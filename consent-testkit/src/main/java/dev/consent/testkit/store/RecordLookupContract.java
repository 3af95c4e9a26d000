package dev.consent.testkit.store;

import static dev.consent.testkit.store.EvidenceContract.WEB;
import static dev.consent.testkit.store.TestRecords.decision;
import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.lifecycle;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsentStore#readRecord}: a record by its id alone, whatever its subject, equal to the record the
 * feed and the subject's history show; empty for an id the ledger does not hold; still there after the
 * subject's evidence was erased; and seen by another node over the same storage.
 */
abstract class RecordLookupContract extends ContractPart {
    RecordLookupContract(ConsentStoreContract contract) {
        super(contract);
    }

    @Test
    void readRecord_findsEveryRecordOfEverySubject_equalToTheFeed() {
        List<ConsentRecord> stored = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            Chain chain = newChain("subject-" + s);
            SubjectAppend first = chain.append("form-1", grant("p.one").evidence(WEB), grant("p.two"));
            stored.addAll(append(first));
            stored.addAll(append(chain.after(first).append("form-2", decision("p.one", Action.WITHDRAWN))));
        }

        int found = 0;
        for (ConsentRecord r : stored) {
            assertThat(store().readRecord(r.id()))
                    .as("record at position %d", r.position())
                    .contains(r);
            found++;
        }

        assertThat(found).isEqualTo(15);
        assertThat(feed()).containsExactlyElementsOf(stored);
    }

    @Test
    void readRecord_ofAnUnknownId_isEmpty() {
        append(newChain("alice").append("form-1", grant("p.one")));

        assertThat(store().readRecord(UUID.randomUUID())).isEmpty();
        assertThat(store().readRecord(new UUID(0, 0))).isEmpty();
    }

    @Test
    void readRecord_ofAnEmptyStore_isEmpty() {
        assertThat(store().readRecord(UUID.randomUUID())).isEmpty();
    }

    @Test
    void readRecord_afterTheSubjectsEvidenceWasErased_stillFindsTheRecord_withoutEvidence() {
        Chain chain = newChain("alice");
        SubjectAppend first = chain.append("form-1", grant("p.one").evidence(WEB));
        ConsentRecord granted = append(first).get(0);
        ConsentRecord erased = append(chain.after(first).append("erase-1", lifecycle(Action.SUBJECT_ERASED)))
                .get(0);
        store().eraseEvidence("alice");

        assertThat(store().readRecord(granted.id())).contains(granted);
        assertThat(store().readRecord(erased.id())).contains(erased);
        assertThat(store().readEvidence("alice")).isEmpty();
        assertThat(granted.evidenceDigest())
                .as("the digest stays in the record")
                .isNotNull();
    }

    @Test
    void readRecord_onASecondNode_findsWhatTheFirstAppended() {
        ConsentStore other = contract().secondNode(store());
        List<ConsentRecord> stored = append(newChain("alice").append("form-1", grant("p.one"), grant("p.two")));

        assertThat(other.readRecord(stored.get(0).id())).contains(stored.get(0));
        assertThat(other.readRecord(stored.get(1).id())).contains(stored.get(1));
        assertThat(other.readRecord(UUID.randomUUID())).isEmpty();
    }
}
