package dev.consent.jdbc;

import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.merkle.Frontier;
import dev.consent.merkle.NodeHash;
import dev.consent.merkle.TreeHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of the ledger's Merkle tree (schema version 9). The head row holds the tree's size and frontier beside the
 * position, and every append's transaction moves all three together; {@code merkle_node} keeps the hash of each
 * perfect subtree whose level is a multiple of {@link #STRIDE}, written by the append that completes it. Any other
 * subtree is folded from at most {@code 2^(STRIDE-1)} kept nodes or records, so a proof costs two queries whatever
 * the ledger's size.
 *
 * <p>Appends whose transaction reads the head under its lock grow the tree from what they read. The one-statement
 * appends of PostgreSQL and MariaDB read nothing: they grow the frontier this store last saw ({@link #predicted()})
 * and move the head only if it is still there ({@code WHERE position = ? AND tree_size = ?}); when another writer
 * moved it, the statement writes nothing, and the caller refreshes the frontier and tries again, or falls back to
 * the locked path. So the tree is always the one of the records, whoever appends. Thread-safe.
 */
final class TreeSql {
    /** Kept levels: every multiple of this, above the leaves. */
    static final int STRIDE = 4;

    private final Statements statements;
    private final String head;
    private final Dialect dialect;
    private final String node;
    private final String record;
    private final MultiRowInsert<NodeHash> nodeRows;
    /** The latest frontier this store saw at the head, for the one-statement appends; a guess, never trusted. */
    private final AtomicReference<Frontier> latest = new AtomicReference<>(Frontier.EMPTY);

    TreeSql(Dialect dialect, Statements statements, String prefix) {
        this.dialect = dialect;
        this.statements = statements;
        this.head = prefix + "ledger_head";
        this.node = prefix + "merkle_node";
        this.record = prefix + "record";
        this.nodeRows = new MultiRowInsert<>(
                "INSERT INTO " + node + " (level, node_index, hash) VALUES", 3, "", TreeSql::bindNode);
    }

    /** The database the tree is kept in. */
    Dialect dialect() {
        return dialect;
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

        /**
         * The bytes at the start of the head row's {@code tree_peaks} (the frontier of {@link #keptSize()}) that the
         * grown frontier keeps: the peaks of the size's high bits the append does not change. A one-statement append
         * sends only the rest ({@link #changedPeaks()}), one peak for a single record, not the whole frontier.
         */
        int keptPeakBytes() {
            return sharedPeaks(keptSize, frontier.size()) * Hash.LENGTH;
        }

        /** The grown frontier's peaks after the {@link #keptPeakBytes()} it shares with the head row's. */
        byte[] changedPeaks() {
            byte[] all = pack(frontier);
            int kept = keptPeakBytes();
            return java.util.Arrays.copyOfRange(all, kept, all.length);
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

    /** Forgets the prediction after a one-statement append found the head elsewhere; the next read sets it. */
    void refresh(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT position, tree_size, tree_peaks FROM " + head + " WHERE id = 1")) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == rs.getLong(2)) {
                    latest.set(frontier(rs.getLong(2), rs.getBytes(3)));
                }
            }
        }
    }

    /**
     * The growth of an append whose transaction holds the head row locked at {@code position}, with the tree's
     * columns as read with it: if the tree is behind the head (records appended before schema version 9), the
     * missing leaves are read and added first, so their nodes are written with the append.
     */
    Growth locked(Handle h, long position, long treeSize, byte[] peaks) {
        Growth g = new Growth(treeSize > position ? Frontier.EMPTY : frontier(treeSize, peaks), treeSize);
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
        statements
                .query(
                        h,
                        "SELECT record_hash FROM " + record + " WHERE position > :from AND position <= :to"
                                + " ORDER BY position")
                .bind("from", g.frontier().size())
                .bind("to", position)
                .map((rs, ctx) -> Hash.fromHex(rs.getString(1).strip()))
                .forEach(g::add);
        if (g.frontier().size() != position) {
            throw new dev.consent.merkle.TreeDamagedException(
                    "the ledger has " + g.frontier().size() + " records up to position " + position
                            + ": positions are missing, so the Merkle tree cannot be built");
        }
    }

    /**
     * Brings a kept tree that is behind the head (records from before schema version 9) at most {@code chunk} records
     * closer, on a transaction that holds the head row locked as read ({@code position}, {@code treeSize},
     * {@code peaks}): the missing leaves read, the kept nodes they complete written, the tree's columns moved.
     *
     * @return whether the kept tree reached the head
     */
    boolean catchUpChunk(Handle h, long position, long treeSize, byte[] peaks, int chunk) throws SQLException {
        if (treeSize >= position) {
            return treeSize == position;
        }
        Growth g = new Growth(frontier(treeSize, peaks));
        catchUp(h, g, Math.min(position, treeSize + chunk));
        Connection c = h.getConnection();
        nodeRows.insert(c, statements.timeoutSeconds(), g.nodes());
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE " + head + " SET tree_size = ?, tree_peaks = ? WHERE id = 1")) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            ps.setLong(1, g.frontier().size());
            ps.setBytes(2, pack(g.frontier()));
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
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE " + head + " SET position = ?, tree_size = ?, tree_peaks = ? WHERE id = 1")) {
            ps.setQueryTimeout(statements.timeoutSeconds());
            ps.setLong(1, g.frontier().size());
            ps.setLong(2, g.frontier().size());
            ps.setBytes(3, pack(g.frontier()));
            ps.executeUpdate();
        }
    }

    /** The frontier at the head, read in one statement, with missing leaves read if the tree is behind. */
    Frontier read(Handle h) {
        Object[] row = statements
                .query(h, "SELECT position, tree_size, tree_peaks FROM " + head + " WHERE id = 1")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getBytes(3)})
                .one();
        long position = (Long) row[0];
        long size = (Long) row[1];
        Growth g = new Growth(size > position ? Frontier.EMPTY : frontier(size, (byte[]) row[2]));
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

    /** The frontier of a head row's tree columns. */
    static Frontier frontier(long size, byte[] peaks) {
        if (peaks.length != Long.bitCount(size) * Hash.LENGTH) {
            throw new dev.consent.merkle.TreeDamagedException("the ledger head's tree frontier has " + peaks.length
                    + " bytes for a tree of " + size + " leaves; the head row was changed outside the library");
        }
        List<Hash> hashes = new ArrayList<>(Long.bitCount(size));
        for (int at = 0; at < peaks.length; at += Hash.LENGTH) {
            hashes.add(Hash.of(java.util.Arrays.copyOfRange(peaks, at, at + Hash.LENGTH)));
        }
        return Frontier.of(size, hashes);
    }

    /**
     * How many leading peaks (largest first) the frontiers of sizes {@code from} and {@code to} have in common: those
     * of the bits above the highest bit in which the sizes differ, whose subtrees cover the same leaves in both.
     */
    static int sharedPeaks(long from, long to) {
        if (from == to) {
            return Long.bitCount(from);
        }
        int highest = 63 - Long.numberOfLeadingZeros(from ^ to);
        return highest == 63 ? 0 : Long.bitCount(from >>> (highest + 1));
    }

    /** The frontier's peaks, 32 bytes each, largest first: the head row's {@code tree_peaks}. */
    static byte[] pack(Frontier f) {
        List<Hash> peaks = f.peaks();
        byte[] out = new byte[peaks.size() * Hash.LENGTH];
        for (int i = 0; i < peaks.size(); i++) {
            System.arraycopy(peaks.get(i).toBytes(), 0, out, i * Hash.LENGTH, Hash.LENGTH);
        }
        return out;
    }

    private static int bindNode(PreparedStatement ps, int index, NodeHash n) throws SQLException {
        ps.setInt(index, n.node().level());
        ps.setLong(index + 1, n.node().index());
        ps.setBytes(index + 2, n.hash().toBytes());
        return index + 3;
    }

    /** The kept nodes' table. */
    String nodeTable() {
        return node;
    }

    /** The records' table. */
    String recordTable() {
        return record;
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
