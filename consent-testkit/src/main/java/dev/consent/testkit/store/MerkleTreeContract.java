package dev.consent.testkit.store;

import static dev.consent.testkit.store.TestRecords.grant;
import static dev.consent.testkit.store.TestRecords.lifecycle;
import static dev.consent.testkit.store.TestRecords.newChain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.DuplicateInteractionException;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.merkle.ConsistencyProof;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.MerkleProofs;
import dev.consent.merkle.TreeHashes;
import dev.consent.merkle.TreeNode;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.LedgerTree;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.store.TestRecords.Chain;
import dev.consent.testkit.store.TestRecords.Draft;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsentStore#tree()}: the store's Merkle tree is the RFC 9162 tree of the records' hashes in position
 * order after every kind of append (single, multi-record, batches over subjects, built appends, from several
 * threads and from another node over the same storage); a failed append leaves it as it was; erasure does not
 * change it; every perfect subtree it answers equals the one computed from the feed; inclusion and consistency
 * proofs made from it verify; and nodes beyond the tree are refused.
 */
abstract class MerkleTreeContract extends ContractPart {
    MerkleTreeContract(ConsentStoreContract contract) {
        super(contract);
    }

    /** The frontier computed from the feed: what the store's tree must be. */
    private Frontier expected() {
        Frontier f = Frontier.EMPTY;
        for (ConsentRecord r : feed()) {
            assertThat(r.position()).as("feed position").isEqualTo(f.size() + 1);
            f = f.append(TreeHashes.leaf(r.hash()), null);
        }
        return f;
    }

    private void assertTreeIsTheFeeds() {
        Frontier expected = expected();
        Frontier actual = store().tree().frontier();
        assertThat(actual.size()).as("tree size").isEqualTo(store().headPosition());
        assertThat(actual).as("frontier").isEqualTo(expected);
        assertThat(actual.root()).as("root").isEqualTo(expected.root());
    }

    @Test
    void emptyLedger_hasTheEmptyTree() {
        assertThat(store().tree().frontier()).isEqualTo(Frontier.EMPTY);
        assertThat(store().tree().frontier().root()).isEqualTo(TreeHashes.EMPTY_ROOT);
    }

    @Test
    void everyAppend_growsTheTreeOfTheRecordsInPositionOrder_andEverySubtreeIsTheFeeds() {
        Chain a = newChain("alice");
        Chain b = newChain("bob");
        int i = 0;
        // 300 records: past the kept levels a store may use (16, 256 leaves), in appends of one to three records
        while (store().headPosition() < 300) {
            Draft[] drafts = i % 3 == 0
                    ? new Draft[] {grant("p.one")}
                    : i % 3 == 1 ? new Draft[] {grant("p.one"), grant("p.two")} : new Draft[] {grant("p.three")};
            if (i % 7 == 6) {
                SubjectAppend x = a.append("batch-" + i, drafts);
                SubjectAppend y = b.append("batch-" + i, grant("p.one"), grant("p.two"), grant("p.three"));
                store().append(List.of(x, y));
                a = a.after(x);
                b = b.after(y);
            } else {
                a = write(a, "one-" + i, drafts);
            }
            if (i % 10 == 0) {
                assertTreeIsTheFeeds();
            }
            i++;
        }
        assertTreeIsTheFeeds();

        List<ConsentRecord> feed = feed();
        long size = feed.size();
        LedgerTree tree = store().tree();
        for (int level = 0; (1L << level) <= size; level++) {
            List<TreeNode> nodes = new ArrayList<>();
            for (long index = 0; (index + 1) << level <= size; index++) {
                nodes.add(new TreeNode(level, index));
            }
            List<Hash> hashes = tree.hashes(nodes);
            for (int n = 0; n < nodes.size(); n++) {
                TreeNode node = nodes.get(n);
                List<Hash> leaves = new ArrayList<>();
                for (long p = node.firstLeaf(); p < node.firstLeaf() + node.leafCount(); p++) {
                    leaves.add(TreeHashes.leaf(feed.get((int) p).hash()));
                }
                assertThat(hashes.get(n)).as("node %s", node).isEqualTo(TreeHashes.root(leaves));
            }
        }
    }

    @Test
    void proofsMadeFromTheTree_verifyAgainstItsRoots() {
        Chain a = newChain("alice");
        for (int i = 0; i < 70; i++) {
            a = write(a, "form-" + i, grant("p.one"));
        }
        LedgerTree tree = store().tree();
        Frontier now = tree.frontier();
        List<ConsentRecord> feed = feed();
        for (long index = 0; index < now.size(); index++) {
            InclusionProof proof = MerkleProofs.inclusion(index, now.size(), tree);
            proof.verify(TreeHashes.leaf(feed.get((int) index).hash()), now.root());
        }
        for (long earlier = 1; earlier <= now.size(); earlier += 7) {
            Hash earlierRoot = MerkleProofs.root(earlier, tree);
            ConsistencyProof proof = MerkleProofs.consistency(earlier, now.size(), tree);
            proof.verify(earlierRoot, now.root());
        }
    }

    @Test
    void nodesBeyondTheTree_areRefused() {
        write(newChain("alice"), "form-1", grant("p.one"), grant("p.two"), grant("p.three"));

        assertThatThrownBy(() -> store().tree().hashes(List.of(new TreeNode(2, 0))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store().tree().hashes(List.of(new TreeNode(0, 3))))
                .isInstanceOf(InvalidInputException.class);
        assertThat(store().tree().hashes(List.of(new TreeNode(1, 0), new TreeNode(0, 2))))
                .hasSize(2);
    }

    @Test
    void failedAppends_leaveTheTreeAsItWas() {
        Chain a = newChain("alice");
        SubjectAppend first = a.append("form-1", grant("p.one"));
        store().append(List.of(first));
        Frontier before = store().tree().frontier();

        assertThatThrownBy(() -> store().append(List.of(first))).isInstanceOf(DuplicateInteractionException.class);
        assertThatThrownBy(() -> store().append(List.of(a.append("form-2", grant("p.two")))))
                .isInstanceOf(ConcurrentUpdateException.class);

        assertThat(store().tree().frontier()).isEqualTo(before);
        write(a.after(first), "form-3", grant("p.two"));
        assertTreeIsTheFeeds();
    }

    @Test
    void erasure_leavesTheTreeAsItWas() {
        Chain a = write(newChain("alice"), "form-1", grant("p.one").evidence(EvidenceContract.WEB));
        write(a, "erase", lifecycle(Action.SUBJECT_ERASED));
        Frontier before = store().tree().frontier();

        store().eraseEvidence("alice");

        assertThat(store().tree().frontier()).isEqualTo(before);
        assertTreeIsTheFeeds();
    }

    @Test
    void builtAppends_fromManyThreads_andAnotherNode_keepTheTreeOfTheRecords() {
        ConsentStore other = contract().secondNode(store());
        int writers = contract().raceThreads();
        int perWriter = Math.max(10, contract().raceRounds() / 8);
        AtomicInteger written = new AtomicInteger();
        Concurrently.run(writers, thread -> {
            ConsentStore node = thread % 2 == 0 ? store() : other;
            Chain chain = newChain("writer-" + thread);
            for (int i = 0; i < perWriter; i++) {
                Chain on = chain;
                String interaction = "w" + thread + "-" + i;
                Draft[] drafts =
                        i % 2 == 0 ? new Draft[] {grant("p.one")} : new Draft[] {grant("p.one"), grant("p.two")};
                SubjectAppend a = on.append(interaction, drafts);
                written.addAndGet(
                        node.appendBuilt(on.subject(), interaction, node.loadCurrentState(on.subject()), state -> a)
                                .size());
                chain = on.after(a);
            }
        });

        assertThat(store().headPosition()).isEqualTo(written.get());
        assertTreeIsTheFeeds();
        assertThat(other.tree().frontier()).isEqualTo(store().tree().frontier());
    }

    @Test
    void appendsAlternatingBetweenTwoNodes_keepTheTreeOfTheRecords() {
        ConsentStore other = contract().secondNode(store());
        Chain[] chains = {newChain("alice"), newChain("bob")};
        for (int i = 0; i < 40; i++) {
            ConsentStore node = i % 2 == 0 ? store() : other;
            int s = (i / 3) % 2;
            Chain on = chains[s];
            SubjectAppend a = on.append("form-" + i, grant("p.one"));
            node.appendBuilt(on.subject(), "form-" + i, node.loadCurrentState(on.subject()), state -> a);
            chains[s] = on.after(a);
        }

        assertTreeIsTheFeeds();
        assertThat(other.tree().frontier()).isEqualTo(store().tree().frontier());
    }
}
