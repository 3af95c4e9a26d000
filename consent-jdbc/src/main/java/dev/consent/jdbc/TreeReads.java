package dev.consent.jdbc;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.merkle.TreeHashes;
import dev.consent.merkle.TreeNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The read side of the Merkle tree's kept nodes ({@link TreeSql}): the hash of any perfect subtree within the kept
 * tree, folded from the kept nodes of the level below it, or from the records under the first kept level. Every
 * hash a request needs is read in at most two statements, by exact primary key. Thread-safe.
 */
final class TreeReads {
    private static final int STRIDE = TreeSql.STRIDE;
    /** MariaDB's and MySQL's locking-read clause: the latest committed rows, not the transaction's snapshot. */
    private static final String LOCKING = " LOCK IN SHARE MODE";

    private final Statements statements;
    private final String node;
    private final String record;
    /**
     * Whether the kept nodes are read by ranges of the primary key rather than by lists of it: H2 uses an
     * {@code IN} list for an index lookup only on the index's first column, so {@code level = ? AND node_index IN
     * (...)} reads every node of the level there (a proof at 10 million records took about 100 ms), while
     * {@code level = ? AND node_index BETWEEN ? AND ?} is a range of the key. PostgreSQL keeps the lists (see
     * {@link #hashes}).
     */
    private final boolean byRanges;
    /**
     * On MariaDB and MySQL, the reads are locking reads ({@code LOCK IN SHARE MODE}), which see the latest committed
     * rows: an append in an application's transaction at REPEATABLE READ (their default) reads the tree under the
     * head lock, and a plain read there sees the snapshot the transaction began with, without the records other
     * transactions committed since. The node reads are then one statement with an {@code OR} of key lists, to
     * which the locking clause applies whole.
     */
    private final boolean locking;

    /**
     * @param node the kept nodes' table
     * @param record the records' table
     */
    TreeReads(Statements statements, Dialect dialect, String node, String record) {
        this.statements = statements;
        this.byRanges = dialect == Dialect.H2;
        this.locking = dialect == Dialect.MARIADB;
        this.node = node;
        this.record = record;
    }

    /**
     * The hashes of perfect subtrees within the first {@code size} leaves, which the kept nodes cover: each folded
     * from kept nodes of the level below it (or from records, under the first kept level), all read in two queries.
     */
    List<Hash> hashes(Handle h, List<TreeNode> asked, long size) {
        Map<Long, List<long[]>> nodeRanges = new HashMap<>();
        List<long[]> leafRanges = new ArrayList<>();
        for (TreeNode n : asked) {
            if (n.firstLeaf() + n.leafCount() > size) {
                throw new InvalidInputException("nodes", n, "reaches beyond the tree's " + size + " leaves");
            }
            int base = n.level() - n.level() % STRIDE;
            long first = n.index() << (n.level() - base);
            long count = 1L << (n.level() - base);
            if (base == 0) {
                leafRanges.add(new long[] {first, first + count - 1});
            } else {
                nodeRanges.computeIfAbsent((long) base, k -> new ArrayList<>()).add(new long[] {first, first + count - 1
                });
            }
        }
        Map<TreeNode, Hash> found = new HashMap<>();
        // exact keys in IN lists, at most 8 per range: every planner uses the primary key for them and estimates one
        // row a key (an OR of ranges made H2 scan the table; a UNION ALL of ranges made PostgreSQL's generic plan
        // estimate thousands of rows a range and compile it with JIT, 30 ms a proof)
        java.util.TreeSet<Long> positions = new java.util.TreeSet<>();
        for (long[] r : leafRanges) {
            for (long i = r[0]; i <= r[1]; i++) {
                positions.add(i + 1);
            }
        }
        if (!positions.isEmpty()) {
            var q = statements.query(
                    h,
                    "SELECT position, record_hash FROM " + record + " WHERE position IN ("
                            + String.join(", ", java.util.Collections.nCopies(positions.size(), "?")) + ")"
                            + lockingClause());
            int p = 0;
            for (long position : positions) {
                q.bind(p++, position);
            }
            q.map((rs, ctx) -> {
                        found.put(
                                new TreeNode(0, rs.getLong(1) - 1),
                                TreeHashes.leaf(Hash.fromHex(rs.getString(2).strip())));
                        return 0;
                    })
                    .list();
        }
        if (!nodeRanges.isEmpty()) {
            StringBuilder sql = new StringBuilder();
            List<Long> args = new ArrayList<>();
            for (Map.Entry<Long, List<long[]>> e : new java.util.TreeMap<>(nodeRanges).entrySet()) {
                java.util.TreeSet<Long> indexes = new java.util.TreeSet<>();
                for (long[] r : e.getValue()) {
                    for (long i = r[0]; i <= r[1]; i++) {
                        indexes.add(i);
                    }
                }
                if (byRanges) {
                    // one select per run of consecutive indexes
                    Long start = null;
                    long previous = 0;
                    for (long i : indexes) {
                        if (start != null && i != previous + 1) {
                            nodeRange(sql, args, e.getKey(), start, previous);
                            start = null;
                        }
                        if (start == null) {
                            start = i;
                        }
                        previous = i;
                    }
                    nodeRange(sql, args, e.getKey(), start, previous);
                } else {
                    if (locking) {
                        sql.append(args.isEmpty() ? "SELECT level, node_index, hash FROM " + node + " WHERE " : " OR ")
                                .append("(level = ? AND node_index IN (")
                                .append(String.join(", ", java.util.Collections.nCopies(indexes.size(), "?")))
                                .append("))");
                    } else {
                        sql.append(args.isEmpty() ? "" : " UNION ALL ")
                                .append("SELECT level, node_index, hash FROM ")
                                .append(node)
                                .append(" WHERE level = ? AND node_index IN (")
                                .append(String.join(", ", java.util.Collections.nCopies(indexes.size(), "?")))
                                .append(")");
                    }
                    args.add(e.getKey());
                    args.addAll(indexes);
                }
            }
            var q = statements.query(h, sql + lockingClause());
            for (int i = 0; i < args.size(); i++) {
                q.bind(i, args.get(i));
            }
            q.map((rs, ctx) -> {
                        found.put(new TreeNode(rs.getInt(1), rs.getLong(2)), Hash.of(rs.getBytes(3)));
                        return 0;
                    })
                    .list();
        }
        List<Hash> out = new ArrayList<>(asked.size());
        for (TreeNode n : asked) {
            out.add(fold(n, found));
        }
        return out;
    }

    /** The clause that makes a read of records or nodes a locking read on this database ({@link #locking}), or none. */
    String lockingClause() {
        return locking ? LOCKING : "";
    }

    /** Adds the select of the nodes {@code first} to {@code last} of {@code level}. */
    private void nodeRange(StringBuilder sql, List<Long> args, long level, long first, long last) {
        sql.append(args.isEmpty() ? "" : " UNION ALL ")
                .append("SELECT level, node_index, hash FROM ")
                .append(node)
                .append(" WHERE level = ? AND node_index BETWEEN ? AND ?");
        args.add(level);
        args.add(first);
        args.add(last);
    }

    /** The hash of {@code n} from the kept hashes below it. */
    private static Hash fold(TreeNode n, Map<TreeNode, Hash> found) {
        int base = n.level() - n.level() % STRIDE;
        long first = n.index() << (n.level() - base);
        int count = 1 << (n.level() - base);
        Hash[] layer = new Hash[count];
        for (int i = 0; i < count; i++) {
            Hash hash = found.get(new TreeNode(base, first + i));
            if (hash == null) {
                throw new dev.consent.merkle.TreeDamagedException("the Merkle tree has no "
                        + (base == 0
                                ? "record at position " + (first + i + 1)
                                : "node at level " + base + ", index " + (first + i))
                        + ": a record or tree node was deleted");
            }
            layer[i] = hash;
        }
        while (count > 1) {
            for (int i = 0; i < count / 2; i++) {
                layer[i] = TreeHashes.node(layer[2 * i], layer[2 * i + 1]);
            }
            count /= 2;
        }
        return layer[0];
    }
}
