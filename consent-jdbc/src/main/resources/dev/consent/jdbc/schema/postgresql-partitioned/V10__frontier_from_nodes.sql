-- Consent ledger, schema version 10, for PostgreSQL 13 and later: the Merkle tree's frontier is no longer
-- stored in the ledger head. ${prefix} is the configured table prefix. Applied after V9, by SchemaMode.MIGRATE or by an
-- application's own migration tool; it records its version like V1 does. The frontier (the hashes of the perfect
-- subtrees the first tree_size leaves split into) is folded from merkle_node and the records when a store needs it
-- (at most two reads), so an append moves only the head's position and tree_size: rewriting a frontier of changing
-- length in every append's transaction cost more than the 10 % the tree may add to an append. Every application
-- node on the database must run a library of this version: an older one fails its appends (the column is gone)
-- rather than writing a tree from a stale frontier.

ALTER TABLE ${prefix}ledger_head DROP COLUMN tree_peaks;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (10, 'frontier_from_nodes', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
