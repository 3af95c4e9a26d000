package dev.consent.testkit.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.retention.RetentionRule;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EvidenceRef;
import dev.consent.testkit.behaviour.DefaultsOnlyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store's own retention methods, which retention runs are built on: evidence read by recording time in
 * position pages and scoped by purpose, removal that is idempotent, subjects last recorded before an instant
 * (erased and recent ones left out) in pages, and a store without them failing with the method named.
 */
public abstract class RetentionStoreContract extends RetentionFixture {
    @Test
    void store_readEvidenceRecordedBefore_pagesByPosition_scopesByPurpose_andRemovalIsIdempotent() {
        ConsentSystem cs = consent();
        for (int i = 1; i <= 5; i++) {
            cs.ledger().grant(subject(i), i <= 3 ? MARKETING : SERVICE, WEB);
        }
        cs.ledger().grant("no-evidence", MARKETING, CollectionContext.of(Channel.WEB, "form"));
        Instant cutoff = clock.instant().plusMillis(1);

        List<EvidenceRef> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EvidenceRef> page = store.readEvidenceRecordedBefore(cutoff, null, after, 2);
            all.addAll(page);
            if (page.size() < 2) {
                break;
            }
            after = page.get(page.size() - 1).position();
        }
        assertThat(all)
                .extracting(EvidenceRef::subject)
                .containsExactly(subject(1), subject(2), subject(3), subject(4), subject(5));
        assertThat(all).extracting(EvidenceRef::position).isSorted();
        assertThat(store.readEvidenceRecordedBefore(cutoff, Set.of(SERVICE), 0, 10))
                .extracting(EvidenceRef::subject)
                .containsExactly(subject(4), subject(5));
        assertThat(store.readEvidenceRecordedBefore(cutoff, Set.of(), 0, 10)).isEmpty();
        assertThat(store.readEvidenceRecordedBefore(clock.instant(), null, 0, 10))
                .as("a record at the cut-off is not before it")
                .isEmpty();

        assertThat(store.removeEvidence(all.subList(0, 2))).isEqualTo(2);
        assertThat(store.removeEvidence(all.subList(0, 3))).isEqualTo(1);
        assertThat(store.removeEvidence(List.of())).isZero();
        assertThat(store.readEvidenceRecordedBefore(cutoff, null, 0, 10)).containsExactlyElementsOf(all.subList(3, 5));
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThatThrownBy(() -> store.readEvidenceRecordedBefore(cutoff, null, -1, 10))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.readEvidenceRecordedBefore(cutoff, null, 0, 0))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void store_readSubjectsLastRecordedBefore_leavesOutErasedAndRecentSubjects_andPages() {
        ConsentSystem cs = consent();
        for (int i = 1; i <= 5; i++) {
            cs.ledger().grant(subject(i), MARKETING, WEB);
        }
        cs.ledger().erase(subject(2), CollectionContext.of(Channel.API, "dsar"));
        clock.advance(Duration.ofDays(10));
        cs.ledger().grant(subject(3), SERVICE, WEB);
        Instant cutoff = clock.instant();

        List<String> all = new ArrayList<>();
        String after = "";
        while (true) {
            List<String> page = store.readSubjectsLastRecordedBefore(cutoff, after, 1);
            all.addAll(page);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(0);
        }
        assertThat(all).containsExactlyInAnyOrder(subject(1), subject(4), subject(5));
        assertThat(store.readSubjectsLastRecordedBefore(cutoff.plusMillis(1), "", 10))
                .containsExactlyInAnyOrder(subject(1), subject(3), subject(4), subject(5));
        assertThatThrownBy(() -> store.readSubjectsLastRecordedBefore(cutoff, "", 0))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aStoreWithoutRetention_failsNamingTheMethod_andNothingIsWritten() {
        ConsentSystem cs = consent();
        cs.ledger().grant("user-1", MARKETING, WEB);
        clock.advance(Duration.ofDays(4 * 366));
        ConsentStore old = new DefaultsOnlyStore(store);

        assertThatThrownBy(() -> retention(cs, old, RetentionRule.evidence(Period.ofYears(3)))
                        .run(10))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("readEvidenceRecordedBefore");
        assertThatThrownBy(() -> old.removeEvidence(List.of())).hasMessageContaining("removeEvidence");
        assertThatThrownBy(() -> old.readSubjectsLastRecordedBefore(Instant.EPOCH, "", 1))
                .hasMessageContaining("readSubjectsLastRecordedBefore");
        assertThat(store.readEvidence("user-1")).hasSize(1);
    }
}
