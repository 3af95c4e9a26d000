-- Consent ledger, schema version 8, for PostgreSQL 13 and later, per-subject tables hash-partitioned by subject: evidence at rest (see docs/evidence-at-rest.md). ${prefix} is the
-- configured table prefix. Applied after V7, by SchemaMode.MIGRATE or by an application's own migration tool; it
-- records its version like V1 does. Evidence is sealed by the library (AES-GCM under a per-subject data key)
-- before it is written: the new column sealed holds it, salt included, and ip_address, user_agent, attributes and
-- salt stay NULL in rows written from now on. Rows written before stay readable as they are until
-- JdbcConsentStore.sealStoredEvidence seals them in place (same evidence, same salt: every digest, and so
-- verification, stays as it was).

-- The data key of each subject with evidence: 32 random bytes made by the database (from gen_random_uuid, whose
-- bytes come from the server's strong random source), so a key never travels in a statement's text or
-- parameters; with a master key (JdbcConsentStore.Builder#evidenceMasterKey) the data key is derived from these
-- bytes and the master key, which the database never sees. Erasure deletes the row.
CREATE TABLE ${prefix}evidence_key (
    subject VARCHAR(255) NOT NULL,
    key_share BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT ${prefix}evidence_key_pk PRIMARY KEY (subject)
) PARTITION BY HASH (subject);

CREATE TABLE ${prefix}evidence_key_p0 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 0);

CREATE TABLE ${prefix}evidence_key_p1 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 1);

CREATE TABLE ${prefix}evidence_key_p2 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 2);

CREATE TABLE ${prefix}evidence_key_p3 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 3);

CREATE TABLE ${prefix}evidence_key_p4 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 4);

CREATE TABLE ${prefix}evidence_key_p5 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 5);

CREATE TABLE ${prefix}evidence_key_p6 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 6);

CREATE TABLE ${prefix}evidence_key_p7 PARTITION OF ${prefix}evidence_key FOR VALUES WITH (MODULUS 8, REMAINDER 7);

ALTER TABLE ${prefix}evidence ADD COLUMN sealed BYTEA;

ALTER TABLE ${prefix}evidence ALTER COLUMN salt DROP NOT NULL;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (8, 'evidence_keys', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
