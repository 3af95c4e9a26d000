package dev.consent.jdbc;

import dev.consent.Hash;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.TreeNode;
import dev.consent.spi.LedgerTree;
import java.util.List;
import java.util.Objects;

/**
 * The JDBC store's {@link LedgerTree}: the frontier from the head row, subtree hashes from the kept nodes and the
 * records ({@link TreeSql}). A ledger whose tree is behind its head (records from before schema version 9) is
 * brought up to it the first time a node beyond the kept tree is asked for, in one transaction under the head lock,
 * as the first locked append would.
 */
final class JdbcTree implements LedgerTree {
    private final JdbiCalls calls;
    private final LedgerSql ledger;

    JdbcTree(JdbiCalls calls, LedgerSql ledger) {
        this.calls = calls;
        this.ledger = ledger;
    }

    @Override
    public Frontier frontier() {
        return calls.withHandle("read the Merkle tree", h -> ledger.tree().read(h));
    }

    @Override
    public List<Hash> hashes(List<TreeNode> nodes) {
        List<TreeNode> asked = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        long end = 0;
        for (TreeNode n : asked) {
            end = Math.max(end, n.firstLeaf() + n.leafCount());
        }
        long needed = end;
        long kept = calls.withHandle("read the Merkle tree", h -> ledger.tree().keptSize(h));
        if (kept < needed) {
            catchUp();
        }
        return calls.withHandle(
                "read the Merkle tree",
                h -> ledger.tree().hashes(h, asked, ledger.tree().keptSize(h)));
    }

    /** Brings the kept tree up to the head: one transaction that reads the records the tree is missing. */
    void catchUp() {
        calls.inTransaction("bring the Merkle tree up to the ledger head", h -> {
            TreeSql.Growth g = ledger.lockHead(h);
            try {
                ledger.tree().write(h, g);
            } catch (java.sql.SQLException e) {
                throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
            }
            return g;
        });
    }
}
