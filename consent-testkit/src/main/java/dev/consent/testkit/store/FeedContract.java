package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.InvalidInputException;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ConsentStore#readFeed(long, int)}: every record once, in position order, in pages. */
abstract class FeedContract extends ContractPart {
    FeedContract(ConsentStoreContract contract) {
        super(contract);
    }

    /** Seven records of three subjects in four appends; returned in position order. */
    private List<ConsentRecord> sevenRecords() {
        List<ConsentRecord> all = new ArrayList<>();
        Chain alice = newChain("alice");
        SubjectAppend a1 = alice.append("a-1", grant("p.one"), grant("p.two"));
        all.addAll(append(a1));
        all.addAll(append(
                newChain("bob").append("b-1", grant("p.one")),
                newChain("carol").append("c-1", grant("p.one"), grant("p.two"))));
        all.addAll(append(alice.after(a1).append("a-2", grant("p.one"), grant("p.three"))));
        assertThat(positions(all)).containsExactlyElementsOf(range(1, 7));
        return all;
    }

    @Test
    void readFeed_fromZero_returnsEveryRecordInPositionOrder() {
        List<ConsentRecord> all = sevenRecords();

        assertThat(store().readFeed(0, 100)).containsExactlyElementsOf(all);
        assertThat(store().readFeed(0, 7)).containsExactlyElementsOf(all);
        assertThat(store().readFeed(0, Integer.MAX_VALUE)).containsExactlyElementsOf(all);
    }

    @Test
    void readFeed_afterAPosition_returnsOnlyTheRecordsAfterIt() {
        List<ConsentRecord> all = sevenRecords();

        for (int after = 0; after <= 7; after++) {
            assertThat(store().readFeed(after, 100))
                    .as("after %d", after)
                    .containsExactlyElementsOf(all.subList(after, 7));
        }
    }

    @Test
    void readFeed_atOrPastTheHead_isEmpty() {
        sevenRecords();

        assertThat(store().readFeed(7, 10)).isEmpty();
        assertThat(store().readFeed(8, 10)).isEmpty();
        assertThat(store().readFeed(Long.MAX_VALUE, Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void readFeed_withLimitOne_returnsExactlyTheNextRecord() {
        List<ConsentRecord> all = sevenRecords();

        for (int after = 0; after < 7; after++) {
            assertThat(store().readFeed(after, 1)).as("after %d", after).containsExactly(all.get(after));
        }
    }

    @Test
    void readFeed_pagedWithAnyLimit_reassemblesTheWholeFeed() {
        List<ConsentRecord> all = sevenRecords();

        for (int limit = 1; limit <= 8; limit++) {
            List<ConsentRecord> paged = new ArrayList<>();
            long after = 0;
            int pages = 0;
            List<ConsentRecord> page;
            do {
                page = store().readFeed(after, limit);
                assertThat(page.size()).as("page size with limit %d", limit).isLessThanOrEqualTo(limit);
                paged.addAll(page);
                if (!page.isEmpty()) {
                    after = page.get(page.size() - 1).position();
                }
                pages++;
            } while (!page.isEmpty() && pages < 100);
            assertThat(paged).as("limit %d", limit).containsExactlyElementsOf(all);
        }
    }

    @Test
    void readFeed_ofAnEmptyStore_isEmpty() {
        assertThat(store().readFeed(0, 10)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void readFeed_rejectsANegativeAfterPosition(long after) {
        sevenRecords();

        assertThatThrownBy(() -> store().readFeed(after, 10))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("afterPosition"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void readFeed_rejectsALimitBelowOne(int limit) {
        sevenRecords();

        assertThatThrownBy(() -> store().readFeed(0, limit))
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    }
}
