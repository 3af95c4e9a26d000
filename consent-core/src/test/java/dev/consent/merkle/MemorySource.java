package dev.consent.merkle;

import dev.consent.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A subtree source over the nodes a {@link Frontier} completed, counting what it is asked. */
final class MemorySource implements SubtreeSource {
    final Map<TreeNode, Hash> nodes = new HashMap<>();
    Frontier frontier = Frontier.EMPTY;
    int calls;
    int asked;

    static MemorySource of(List<Hash> leafHashes) {
        MemorySource s = new MemorySource();
        s.frontier = Frontier.EMPTY.appendAll(leafHashes, n -> s.nodes.put(n.node(), n.hash()));
        return s;
    }

    @Override
    public List<Hash> hashes(List<TreeNode> wanted) {
        calls++;
        asked += wanted.size();
        List<Hash> out = new ArrayList<>();
        for (TreeNode n : wanted) {
            Hash h = nodes.get(n);
            if (h == null) {
                throw new IllegalArgumentException("no node " + n);
            }
            out.add(h);
        }
        return out;
    }
}
