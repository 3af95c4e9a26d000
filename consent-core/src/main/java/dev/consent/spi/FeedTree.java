package dev.consent.spi;

import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.TreeHashes;
import dev.consent.merkle.TreeNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The default {@link ConsentStore#tree()}: the tree computed from the change feed on every call, for stores written
 * before the tree was part of the SPI. A frontier is one walk of the whole ledger and a node one read of its leaves,
 * so proofs over a large ledger are slow; stores should keep the tree instead.
 */
final class FeedTree implements LedgerTree {
    private final ConsentStore store;

    FeedTree(ConsentStore store) {
        this.store = store;
    }

    @Override
    public Frontier frontier() {
        Frontier f = Frontier.EMPTY;
        long after = 0;
        while (true) {
            List<ConsentRecord> page = store.readFeed(after, FeedScan.PAGE);
            for (ConsentRecord r : page) {
                if (r.position() != f.size() + 1) {
                    throw new IllegalStateException("the feed skips from position " + f.size() + " to " + r.position());
                }
                f = f.append(TreeHashes.leaf(r.hash()), null);
            }
            if (page.size() < FeedScan.PAGE) {
                return f;
            }
            after = page.get(page.size() - 1).position();
        }
    }

    @Override
    public List<Hash> hashes(List<TreeNode> nodes) {
        List<Hash> out = new ArrayList<>(nodes.size());
        for (TreeNode node : nodes) {
            Frontier f = Frontier.EMPTY;
            long after = node.firstLeaf();
            long end = node.firstLeaf() + node.leafCount();
            while (f.size() < node.leafCount()) {
                int limit = (int) Math.min(FeedScan.PAGE, end - after);
                List<ConsentRecord> page = store.readFeed(after, limit);
                for (ConsentRecord r : page) {
                    f = f.append(TreeHashes.leaf(r.hash()), null);
                }
                if (page.size() < limit) {
                    throw new InvalidInputException(
                            "nodes", node, "reaches beyond the ledger's " + (after + page.size()) + " records");
                }
                after += limit;
            }
            out.add(f.root());
        }
        return out;
    }
}
