package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.NodeHash;
import dev.consent.merkle.TreeHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of the ledger's Merkle tree (schema versions 9 and 10). The head row holds the tree's size beside the
 * position, and every append's transaction moves both together; {@code merkle_node} keeps the hash of each perfect
 * subtree whose level is a multiple of {@link #STRIDE}, written by the append that completes it. Any other subtree
 * is folded from at most {@code 2^(STRIDE-1)} kept nodes or records, so a proof costs two queries whatever the
 * ledger's size, and so does the tree's frontier ({@link #fold}): it is not stored (schema version 10 dropped it
 * from the head row, whose rewrite in every append cost more than the tree may add to an append).
 *
 * <p>Appends grow the frontier this store last saw at the head ({@link #predicted()}) when the head is still at
 * its size. The one-statement appends of PostgreSQL and MariaDB read nothing: they move the head only if it is still
 * there ({@code WHERE position = ? AND tree_size = ?}); when another writer moved it, the statement writes nothing,
 * and the caller folds the frontier at the head and tries again, or falls back to the locked path. Appends whose
 * transaction locks the head row fold the frontier when the head is not where this store left it. So the tree is
 * always the one of the records, whoever appends. Thread-safe.
 */
final class TreeSql {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TreeSql.class);

    /** Kept levels: every multiple of this, above the leaves. */
    static final int STRIDE = 4;

    /** The most records a prediction of the frontier is grown by, read from the ledger, before it is folded instead. */
    static final int GROWN_AT_MOST = 64;

    private final Statements statements;
    private final String head;
    private final String node;
    private final String record;
    private final MultiRowInsert<NodeHash> nodeRows;
    private final TreeReads reads;
    /** The latest frontier this store saw at the head, for the one-statement appends; a guess, never trusted. */
    private final AtomicReference<Frontier> latest = new AtomicReference<>(Frontier.EMPTY);

    TreeSql(Dialect dialect, Statements statements, String prefix) {
        this.statements = statements;
        this.head = prefix + "ledger_head";
        this.node = prefix + "merkle_node";
        this.record = prefix + "record";
        this.nodeRows = new MultiRowInsert<>(
                "INSERT INTO " + node + " (level, node_index, hash) VALUES", 3, "", TreeSql::bindNode);
        this.reads = new TreeReads(statements, dialect, node, record);
    }

    /** The reads of kept subtree hashes. */
    TreeReads reads() {
        return reads;
    }

    /** Whether nodes of {@code level} are kept. */
    static boolean kept(int level) {
        return level > 0 && level % STRIDE == 0;
    }

    /** The tree as an append grows it: from a frontier, with the kept nodes its leaves complete. */
    static final class Growth {
        private final long keptSize;
        private long base;
        private Frontier frontier;
        private final List<NodeHash> nodes = new ArrayList<>(2);

        /** @param start the frontier as the head row holds it */
        Growth(Frontier start) {
            this(start, start.size());
        }

        /**
         * @param start the frontier the append grows
         * @param keptSize the tree size the head row holds
         */
        Growth(Frontier start, long keptSize) {
            this.keptSize = keptSize;
            this.base = start.size();
            this.frontier = start;
        }

        /** The head position the append builds on: the tree's size before the append's records. */
        long base() {
            return base;
        }

        /** The tree size the head row holds now (below {@link #base()} when the append brings the tree up first). */
        long keptSize() {
            return keptSize;
        }

        /** Marks the frontier reached as the head position the append builds on, after the tree was brought up. */
        void caughtUp() {
            base = frontier.size();
        }

        /** Adds the next record's leaf. */
        void add(Hash recordHash) {
            frontier = frontier.append(TreeHashes.leaf(recordHash), n -> {
                if (kept(n.node().level())) {
                    nodes.add(n);
                }
            });
        }

        /** Adds the leaves of the appended records, in order. */
        void addAll(List<? extends dev.consent.spi.SubjectAppend> appends) {
            for (dev.consent.spi.SubjectAppend a : appends) {
                for (ConsentRecord r : a.records()) {
                    add(r.hash());
                }
            }
        }

        Frontier frontier() {
            return frontier;
        }

        /** The kept nodes completed so far, to insert. */
        List<NodeHash> nodes() {
            return nodes;
        }
    }

    /** The frontier this store last saw at the head: where a one-statement append predicts the head to be. */
    Frontier predicted() {
        return latest.get();
    }

    /** Notes a frontier seen at the head after a commit (or read), unless a later one was seen already. */
    void observed(Frontier f) {
        latest.accumulateAndGet(f, (a, b) -> b.size() > a.size() ? b : a);
    }

    /**
     * Sets the prediction to the head's frontier, folded from the kept nodes, after a one-statement append found the
     * head elsewhere; a kept tree behind or ahead of the head leaves it to the locked path.
     */
    void refresh(Handle h) {
        long[] row = sizes(h);
        if (row[0] == row[1]) {
            latest.set(at(h, row[1]));
        }
    }

    /**
     * The frontier of the first {@code size} leaves: the prediction if it is there; the prediction grown by the
     * records after it, read in one statement, if it is at most {@link #GROWN_AT_MOST} records behind (another
     * writer's append, committed between this store's); else (no prediction yet, or far from it)
     * {@linkplain #fold folded} from the kept nodes.
     */
    private Frontier at(Handle h, long size) {
        Frontier guess = latest.get();
        if (guess.size() == size) {
            return guess;
        }
        Frontier at = null;
        if (guess.size() > 0 && guess.size() < size && size - guess.size() <= GROWN_AT_MOST) {
            Frontier grown = grown(h, guess, size);
            at = grown.size() == size ? grown : null;
        }
        at = at == null ? fold(h, size) : at;
        // the frontier of records committed up to the head as read (under its lock, or in their own statement): the
        // next guess, whatever becomes of the caller's transaction
        observed(at);
        return at;
    }

    /** The head row's position and tree size. */
    private long[] sizes(Handle h) {
        return statements
                .query(h, "SELECT position, tree_size FROM " + head + " WHERE id = 1")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                .one();
    }

    /**
     * The frontier of the first {@code size} leaves, folded from the kept nodes and records under its peaks: at most
     * {@code 2^STRIDE - 1} rows a kept level, in two queries. If a kept node it needs was deleted, the frontier is
     * computed from all the records instead (a read of every record hash, logged as a warning), so appends go on
     * while the records are whole; proofs through the missing node fail with
     * {@link dev.consent.merkle.TreeDamagedException}.
     *
     * @throws dev.consent.merkle.TreeDamagedException if a record up to {@code size} is missing
     */
    Frontier fold(Handle h, long size) {
        if (size == 0) {
            return Frontier.EMPTY;
        }
        try {
            return Frontier.of(size, reads.hashes(h, dev.consent.merkle.MerkleProofs.perfectNodes(0, size), size));
        } catch (dev.consent.merkle.TreeDamagedException e) {
            LOG.warn(
                    "{}; the tree's frontier at {} records is computed from the records instead", e.getMessage(), size);
            Frontier all = grown(h, Frontier.EMPTY, size);
            if (all.size() != size) {
                throw missing(all.size(), size);
            }
            return all;
        }
    }

    /** {@code from} grown by the leaves of the records after it, up to position {@code to}, none of its nodes kept. */
    private Frontier grown(Handle h, Frontier from, long to) {
        Frontier[] f = {from};
        leaves(h, from.size(), to, hash -> f[0] = f[0].append(TreeHashes.leaf(hash), null));
        return f[0];
    }

    /** The hashes of the records after position {@code from} up to {@code to}, in position order. */
    private void leaves(Handle h, long from, long to, java.util.function.Consumer<Hash> each) {
        statements
                .query(
                        h,
                        "SELECT record_hash FROM " + record + " WHERE position > :from AND position <= :to"
                                + " ORDER BY position" + reads.lockingClause())
                .bind("from", from)
                .bind("to", to)
                .map((rs, ctx) -> Hash.fromHex(rs.getString(1).strip()))
                .forEach(each);
    }

    private static dev.consent.merkle.TreeDamagedException missing(long found, long position) {
        return new dev.consent.merkle.TreeDamagedException("the ledger has " + found + " records up to position "
                + position + ": positions are missing, so the Merkle tree cannot be built");
    }

    /**
     * The growth of an append whose transaction holds the head row locked at {@code position}, with the tree's size
     * as read with it: from the frontier this store left at the head, grown by the records appended since if they
     * are few, or folded from the kept nodes ({@link #at}); if the tree is behind the head (records appended before
     * schema version 9), the missing leaves are read and added first, so their nodes are written with the append.
     */
    Growth locked(Handle h, long position, long treeSize) {
        Growth g = new Growth(treeSize > position ? Frontier.EMPTY : at(h, treeSize), treeSize);
        if (g.frontier().size() < position) {
            // behind: records from before schema version 9; ahead: the head was moved back outside the library, so
            // the tree is the records' up to the head, and the positions given out stay the head's
            catchUp(h, g, position);
            g.caughtUp();
        }
        return g;
    }

    /** Adds the leaves of the records after the growth's frontier, up to {@code position}. */
    private void catchUp(Handle h, Growth g, long position) {
        leaves(h, g.frontier().size(), position, g::add);
        if (g.frontier().size() != position) {
            throw missing(g.frontier().size(), position);
        }
    }

    /**
     * Brings a kept tree that is behind the head (records from before schema version 9) at most {@code chunk} records
     * closer, on a transaction that holds the head row locked as read ({@code position}, {@code treeSize}): the
     * missing leaves read, the kept nodes they complete written, the tree's size moved.
     *
     * @return whether the kept tree reached the head
     */
    boolean catchUpChunk(Handle h, long position, long treeSize, int chunk) throws SQLException {
        if (treeSize >= position) {
            return treeSize == position;
        }
        Growth g = new Growth(fold(h, treeSize));
        catchUp(h, g, Math.min(position, treeSize + chunk));
        Connection c = h.getConnection();
        nodeRows.insert(c, statements.timeoutSeconds(), g.nodes());
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + head + " SET tree_size = ? WHERE id = 1")) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            ps.setLong(1, g.frontier().size());
            ps.executeUpdate();
        }
        return g.frontier().size() == position;
    }

    /**
     * The head row's new columns and the kept nodes of a growth, on the transaction that holds the head locked:
     * the nodes inserted, the head moved to the growth's size.
     */
    void write(Handle h, Growth g) throws SQLException {
        Connection c = h.getConnection();
        nodeRows.insert(c, statements.timeoutSeconds(), g.nodes());
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE " + head + " SET position = ?, tree_size = ? WHERE id = 1")) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            ps.setLong(1, g.frontier().size());
            ps.setLong(2, g.frontier().size());
            ps.executeUpdate();
        }
    }

    /**
     * The frontier at the head, folded from the kept nodes (not the prediction: a checkpoint signs it), with missing
     * leaves read if the tree is behind.
     */
    Frontier read(Handle h) {
        long[] row = sizes(h);
        long position = row[0];
        long size = row[1];
        Growth g = new Growth(size > position ? Frontier.EMPTY : fold(h, size));
        if (g.frontier().size() < position) {
            catchUp(h, g, position);
        } else {
            observed(g.frontier());
        }
        return g.frontier();
    }

    /** The tree's size as kept: the nodes of subtrees within it are written. */
    long keptSize(Handle h) {
        return statements
                .query(h, "SELECT tree_size FROM " + head + " WHERE id = 1")
                .mapTo(Long.class)
                .one();
    }

    private static int bindNode(PreparedStatement ps, int index, NodeHash n) throws SQLException {
        ps.setInt(index, n.node().level());
        ps.setLong(index + 1, n.node().index());
        ps.setBytes(index + 2, n.hash().toBytes());
        return index + 3;
    }

    /** The kept nodes as PostgreSQL arrays: levels, indexes and hashes. */
    static Object[] arrays(List<NodeHash> nodes) {
        Integer[] levels = new Integer[nodes.size()];
        Long[] indexes = new Long[nodes.size()];
        byte[][] hashes = new byte[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            levels[i] = nodes.get(i).node().level();
            indexes[i] = nodes.get(i).node().index();
            hashes[i] = nodes.get(i).hash().toBytes();
        }
        return new Object[] {levels, indexes, hashes};
    }
}
