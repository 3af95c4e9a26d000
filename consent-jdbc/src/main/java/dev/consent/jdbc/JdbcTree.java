package dev.consent.jdbc;

import dev.consent.Hash;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.TreeNode;
import dev.consent.spi.LedgerTree;
import java.util.List;
import java.util.Objects;

/**
 * The JDBC store's {@link LedgerTree}: the frontier and subtree hashes from the kept nodes and the
 * records ({@link TreeSql}). A ledger whose tree is behind its head (records from before schema version 9) is
 * brought up to it the first time a node beyond the kept tree is asked for, in one transaction under the head lock,
 * as the first locked append would.
 */
final class JdbcTree implements LedgerTree {
    private final JdbiCalls calls;
    private final LedgerSql ledger;
    private final TreeReads reads;

    JdbcTree(JdbiCalls calls, LedgerSql ledger) {
        this.calls = calls;
        this.ledger = ledger;
        this.reads = ledger.tree().reads();
    }

    @Override
    public Frontier frontier() {
        return calls.withHandle("read the Merkle tree", h -> ledger.tree().read(h));
    }

    /** The head's position, in one statement: the frontier is folded from kept nodes, a size needs none of them. */
    @Override
    public long size() {
        return calls.withHandle(
                "read the ledger head",
                h -> h.createQuery("SELECT position FROM " + ledger.headTable() + " WHERE id = 1")
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public List<Hash> hashes(List<TreeNode> nodes) {
        List<TreeNode> asked = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        long end = 0;
        for (TreeNode n : asked) {
            end = Math.max(end, n.firstLeaf() + n.leafCount());
        }
        long needed = end;
        // the kept size and the nodes in one handle; a kept tree behind the nodes asked is brought up first
        List<Hash> read = calls.withHandle("read the Merkle tree", h -> {
            long kept = ledger.tree().keptSize(h);
            return kept < needed ? null : reads.hashes(h, asked, kept);
        });
        if (read != null) {
            return read;
        }
        catchUp();
        return calls.withHandle(
                "read the Merkle tree",
                h -> reads.hashes(h, asked, ledger.tree().keptSize(h)));
    }

    /** {@link #catchUp()} if the kept tree is behind the head or ahead of it; one read of the head row otherwise. */
    void catchUpIfBehind() {
        long[] row = calls.withHandle(
                "read the ledger head",
                h -> h.createQuery("SELECT position, tree_size FROM " + ledger.headTable() + " WHERE id = 1")
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .one());
        if (row[0] != row[1]) {
            catchUp();
        }
    }

    /** Records read per transaction when the kept tree is brought up to the head. */
    static final int CATCH_UP_CHUNK = 50_000;

    /**
     * Brings the kept tree up to the head: transactions of at most {@value #CATCH_UP_CHUNK} records each, under the
     * head lock, so a large ledger from before schema version 9 gets its tree without one long transaction; a tree
     * ahead of the head (a head moved back outside the library) is rebuilt from the records in one.
     */
    void catchUp() {
        catchUp(CATCH_UP_CHUNK);
    }

    /** {@link #catchUp()} with {@code chunk} records per transaction. */
    void catchUp(int chunk) {
        boolean done = false;
        while (!done) {
            done = calls.inTransaction("bring the Merkle tree up to the ledger head", h -> {
                Object[] row = ledger.lockHeadRow(h);
                long position = (Long) row[0];
                long treeSize = (Long) row[1];
                try {
                    if (treeSize > position) {
                        ledger.tree().write(h, ledger.tree().locked(h, position, treeSize));
                        return true;
                    }
                    return ledger.tree().catchUpChunk(h, position, treeSize, chunk);
                } catch (java.sql.SQLException e) {
                    throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
                }
            });
        }
    }
}
