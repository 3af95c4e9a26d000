-- Consent ledger, schema version 9, for PostgreSQL 13 and later: the Merkle tree over the ledger (see docs/merkle-log.md). ${prefix} is
-- the configured table prefix. Applied after V8, by SchemaMode.MIGRATE or by an application's own migration tool;
-- it records its version like V1 does. The tree's leaves are the records' hashes in position order (RFC 9162). The
-- ledger head gains the tree's size and its frontier (the hashes of the perfect subtrees the first tree_size leaves
-- split into, largest first, 32 bytes each), updated in every append's transaction with the position; merkle_node
-- keeps the hash of every perfect subtree whose level is a multiple of 4 (one node per 15 records), from which any
-- other subtree is computed with at most 8 reads. A ledger with records from before this version has tree_size 0
-- until the store brings the tree up to the head (JdbcConsentStore does on its first append, or at once with
-- SchemaMode.MIGRATE).

ALTER TABLE ${prefix}ledger_head ADD COLUMN tree_size BIGINT NOT NULL DEFAULT 0;

ALTER TABLE ${prefix}ledger_head ADD COLUMN tree_peaks BYTEA NOT NULL DEFAULT '\x'::bytea;

CREATE TABLE ${prefix}merkle_node (
    level SMALLINT NOT NULL,
    node_index BIGINT NOT NULL,
    hash BYTEA NOT NULL,
    CONSTRAINT ${prefix}merkle_node_pk PRIMARY KEY (level, node_index)
);

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (9, 'merkle_tree', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
