-- Consent ledger, schema version 8, for MariaDB 10.10 and later: evidence at rest (see docs/evidence-at-rest.md). ${prefix} is the
-- configured table prefix. Applied after V7, by SchemaMode.MIGRATE or by an application's own migration tool; it
-- records its version like V1 does. Evidence is sealed by the library (AES-GCM under a per-subject data key)
-- before it is written: the new column sealed holds it, salt included, and ip_address, user_agent, attributes and
-- salt stay NULL in rows written from now on. Rows written before stay readable as they are until
-- JdbcConsentStore.sealStoredEvidence seals them in place (same evidence, same salt: every digest, and so
-- verification, stays as it was).

-- The data key of each subject with evidence: 32 random bytes made by the database (RANDOM_BYTES), so a key never
-- travels in a statement's text or parameters; with a master key (JdbcConsentStore.Builder#evidenceMasterKey) the
-- data key is derived from these bytes and the master key, which the database never sees. Erasure deletes the row.
CREATE TABLE ${prefix}evidence_key (
    subject VARCHAR(255) NOT NULL PRIMARY KEY,
    key_share VARBINARY(32) NOT NULL,
    created_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE ${prefix}evidence ADD COLUMN sealed MEDIUMBLOB;

ALTER TABLE ${prefix}evidence MODIFY salt VARBINARY(16) NULL;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (8, 'evidence_keys', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
