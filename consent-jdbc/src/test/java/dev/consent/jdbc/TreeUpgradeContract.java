package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.merkle.TreeHashes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ledger whose records were written before schema version 9 (the head's tree columns at 0, no kept nodes), as a
 * store that migrates an older database finds it: its checkpoint is the tree of all its records, proofs bring the
 * kept tree up to the head, appends (the one-statement ones included, whose guess of the frontier is then wrong)
 * grow it from there, and a store opened afresh over the same tables agrees. And the frontier, which the head row
 * does not hold (schema version 10): folded from the kept nodes at every size, right when two stores append at once
 * (each one's guess of it then often wrong), and computed from the records when a kept node under it was deleted.
 */
abstract class TreeUpgradeContract extends DatabaseContract {
    private static final NoteSigner SIGNER = NoteSigner.generate("consent.example/upgrade");
    private static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "banner");

    private static ConsentSystem write(ConsentSystem cs, int from, int to) {
        for (int i = from; i < to; i++) {
            cs.ledger().grant("user-" + (i % 5), "news", WEB);
        }
        return cs;
    }

    private void forgetTheTree(String prefix) {
        sql().useHandle(h -> {
            h.execute("UPDATE " + prefix + "ledger_head SET tree_size = 0 WHERE id = 1");
            h.execute("DELETE FROM " + prefix + "merkle_node");
        });
    }

    private long[] treeColumns(String prefix) {
        return sql().withHandle(h -> h.createQuery("SELECT position, tree_size FROM " + prefix + "ledger_head")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .one());
    }

    private Frontier fromFeed(TestStore store) {
        Frontier f = Frontier.EMPTY;
        for (ConsentRecord r : store.readFeed(0, Integer.MAX_VALUE)) {
            f = f.append(TreeHashes.leaf(r.hash()), null);
        }
        return f;
    }

    @Test
    void aLedgerWithoutItsTree_getsItFromItsRecords_andGrowsItOnAppend() {
        TestStore store = newStore();
        String prefix = store.jdbc().tablePrefix();
        ConsentSystem cs = system(store, b -> b.checkpointSigner(SIGNER));
        cs.purposes()
                .define(Purpose.builder("news")
                        .title("Newsletter")
                        .description("The weekly newsletter")
                        .legalBasis(LegalBasis.CONSENT)
                        .build());
        write(cs, 0, 40);
        SignedCheckpoint before = cs.ledger().checkpoint();
        forgetTheTree(prefix);

        assertThat(cs.ledger().checkpoint().root())
                .as("the root, read from the records")
                .isEqualTo(before.root());
        ConsentRecord first = cs.ledger().history("user-0").get(0);
        cs.ledger().proveInclusion(first.id(), 40).verify(TreeHashes.leaf(first.hash()), before.root());
        assertThat(treeColumns(prefix))
                .as("the kept tree, brought up to the head")
                .containsExactly(40, 40);
        long keptRows = sql().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + prefix + "merkle_node")
                .mapTo(Long.class)
                .one());
        assertThat(keptRows).as("kept nodes: level 4 of 40 records").isEqualTo(2);

        forgetTheTree(prefix);
        write(cs, 40, 60);
        assertThat(treeColumns(prefix)).as("appends catch the tree up first").containsExactly(60L, 60L);
        assertThat(store.tree().frontier()).isEqualTo(fromFeed(store));

        forgetTheTree(prefix);
        ((JdbcTree) store.jdbc().tree()).catchUp(7);
        assertThat(treeColumns(prefix)).as("brought up 7 records a transaction").containsExactly(60L, 60L);
        assertThat(store.tree().frontier()).isEqualTo(fromFeed(store));
        write(cs, 60, 61);
        assertThat(store.tree().frontier()).isEqualTo(fromFeed(store));

        SignedCheckpoint after = cs.ledger().checkpoint();
        cs.ledger().proveConsistency(before.size(), after.size()).verify(before.root(), after.root());
        assertThat(cs.ledger().verify(before.checkpoint()).problems()).isEmpty();
        try (JdbcConsentStore reopened =
                JdbcConsentStore.builder(database().pool()).tablePrefix(prefix).build()) {
            assertThat(reopened.tree().frontier()).isEqualTo(store.tree().frontier());
            List<dev.consent.Hash> kept = reopened.tree().hashes(List.of(new dev.consent.merkle.TreeNode(5, 0)));
            assertThat(kept)
                    .containsExactlyElementsOf(store.tree().hashes(List.of(new dev.consent.merkle.TreeNode(5, 0))));
        }
    }

    @Test
    void theFrontier_isFoldedFromTheKeptNodesAndRecords_atEverySize() {
        TestStore store = newStore();
        ConsentSystem cs = system(store);
        cs.purposes().define(news());
        write(cs, 0, 70);
        List<ConsentRecord> feed = store.readFeed(0, Integer.MAX_VALUE);
        TreeSql tree = new TreeSql(
                store.jdbc().dialect(), new Statements(10), store.jdbc().tablePrefix());
        Frontier expected = Frontier.EMPTY;
        for (int size = 0; size <= feed.size(); size++) {
            long s = size;
            Frontier folded = sql().withHandle(h -> tree.fold(h, s));
            assertThat(folded).as("the frontier of %d leaves", size).isEqualTo(expected);
            if (size < feed.size()) {
                expected = expected.append(TreeHashes.leaf(feed.get(size).hash()), null);
            }
        }
    }

    @Test
    void twoStoresOnOneDatabase_appendingAtOnce_growTheTreeOfTheRecords() throws Exception {
        TestStore store = newStore();
        String prefix = store.jdbc().tablePrefix();
        ConsentSystem first = system(store, b -> b.checkpointSigner(SIGNER));
        first.purposes().define(news());
        write(first, 0, 5);
        SignedCheckpoint before = first.ledger().checkpoint();
        JdbcConsentStore other = closeAfter(
                JdbcConsentStore.builder(database().pool()).tablePrefix(prefix).build());
        ConsentSystem second = system(other);
        int threads = 4;
        int each = 25;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ConsentSystem node = t % 2 == 0 ? first : second;
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        node.ledger().grant("user-" + thread + "-" + (i % 3), "news", WEB);
                        written.incrementAndGet();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(2, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(written.get()).isEqualTo(threads * each);
        Frontier records = fromFeed(store);
        assertThat(records.size()).isEqualTo(5 + threads * each);
        assertThat(store.tree().frontier()).isEqualTo(records);
        assertThat(other.tree().frontier()).isEqualTo(records);
        assertThat(treeColumns(prefix)).containsExactly(records.size(), records.size());
        long keptRows = sql().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + prefix + "merkle_node")
                .mapTo(Long.class)
                .one());
        assertThat(keptRows)
                .as("kept nodes: level 4 of %d records", records.size())
                .isEqualTo(records.size() / 16);
        SignedCheckpoint after = first.ledger().checkpoint();
        assertThat(after.root()).isEqualTo(records.root());
        assertThat(first.ledger().verify(before.checkpoint()).problems()).isEmpty();
        first.ledger().proveConsistency(before.size(), after.size()).verify(before.root(), after.root());
    }

    @Test
    void aDeletedKeptNode_underTheFrontier_leavesAppendsGoing_onTheTreeOfTheRecords() {
        TestStore store = newStore();
        String prefix = store.jdbc().tablePrefix();
        ConsentSystem cs = system(store);
        cs.purposes().define(news());
        write(cs, 0, 40);
        // 40 = 32 + 8: the first peak is folded from the level-4 nodes 0 and 1
        int deleted = sql().withHandle(
                        h -> h.execute("DELETE FROM " + prefix + "merkle_node WHERE level = 4 AND node_index = 1"));
        assertThat(deleted).isOne();
        JdbcConsentStore fresh = closeAfter(
                JdbcConsentStore.builder(database().pool()).tablePrefix(prefix).build());
        write(system(fresh), 40, 45);
        Frontier records = fromFeed(store);
        assertThat(records.size()).isEqualTo(45);
        assertThat(fresh.tree().frontier()).as("computed from the records").isEqualTo(records);
        assertThat(treeColumns(prefix)).containsExactly(45L, 45L);
    }

    private static Purpose news() {
        return Purpose.builder("news")
                .title("Newsletter")
                .description("The weekly newsletter")
                .legalBasis(LegalBasis.CONSENT)
                .build();
    }
}
