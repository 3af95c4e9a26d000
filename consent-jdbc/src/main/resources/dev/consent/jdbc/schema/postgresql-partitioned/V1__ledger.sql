-- Consent ledger, schema version 1, for PostgreSQL 12 and later, with the per-subject tables hash-partitioned by
-- subject: the variant JdbcConsentStore.Builder#partitionedBySubject() applies. ${prefix} is the configured table
-- prefix. The library's own SQL never updates or deletes a row of ${prefix}record, and it is the same SQL as
-- for the unpartitioned scripts in ../postgresql/: only the keys differ.

-- The tables are laid out as a distributed SQL engine that speaks PostgreSQL (Citus, YugabyteDB, CockroachDB)
-- distributes them: record, interaction, current_state and evidence are split by HASH (subject) into 8
-- partitions, and every primary key and unique constraint includes subject, as those engines require of a
-- distribution column. What stays global, in one row: ${prefix}ledger_head, the ledger's position. Positions
-- are unique across partitions because every append allocates them while it holds the lock on that row
-- (SELECT ... FOR UPDATE, until its commit): no unique constraint on position alone is needed, and none could
-- be declared on a partitioned table. The purposes, the schema version and the relays' tables (V2) are small
-- and not per subject: they stay ordinary tables.

-- Applied by SchemaMode.MIGRATE with partitionedBySubject(), or as it is by an application's own migration
-- tool (with ${prefix} replaced; then build the store with SchemaMode.VALIDATE). Another number of partitions:
-- change MODULUS and the list of partitions below before the first start; the store reads no partition count.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
    version INT NOT NULL PRIMARY KEY,
    description VARCHAR(200) NOT NULL,
    applied_at BIGINT NOT NULL
);

CREATE TABLE ${prefix}ledger_head (
    id INT NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
);

INSERT INTO ${prefix}ledger_head (id, position) VALUES (1, 0);

-- A record is found by subject (history, sequence checks) or by position (the change feed, the current state's
-- pointers): the key is (subject, position), and the index on position alone serves the feed, which reads all
-- partitions merged in position order. record_id is unique per subject (record ids are random UUIDs).
CREATE TABLE ${prefix}record (
    position BIGINT NOT NULL,
    record_id CHAR(36) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    subject_seq BIGINT NOT NULL,
    purpose_id VARCHAR(100),
    purpose_version INT NOT NULL,
    action VARCHAR(32) NOT NULL,
    recorded_at BIGINT NOT NULL,
    expires_at BIGINT,
    notice_version VARCHAR(255),
    collection_point VARCHAR(255),
    channel VARCHAR(32) NOT NULL,
    actor_type VARCHAR(32) NOT NULL,
    actor_id VARCHAR(255),
    actor_authority VARCHAR(255),
    jurisdiction VARCHAR(64),
    interaction_id VARCHAR(255) NOT NULL,
    evidence_digest CHAR(64),
    previous_hash CHAR(64),
    record_hash CHAR(64) NOT NULL,
    CONSTRAINT ${prefix}record_pk PRIMARY KEY (subject, position),
    CONSTRAINT ${prefix}record_id_uk UNIQUE (subject, record_id),
    CONSTRAINT ${prefix}record_subject_seq_uk UNIQUE (subject, subject_seq)
) PARTITION BY HASH (subject);

CREATE INDEX ${prefix}record_position_ix ON ${prefix}record (position);

-- What the unique key on position alone did in the unpartitioned schema, as a check after each inserted record:
-- a position found twice fails the insert with a unique violation (SQLSTATE 23505), so a ledger head moved back
-- behind its records (by hand, or a restore of the head without the records) fails appends instead of handing
-- out positions twice. Appends are serialised by the ledger-head lock, so the check never races another append.
-- (The statements of the function's body end at the start of lines: the migration splits a script at the
-- semicolons that end a line.)
CREATE FUNCTION ${prefix}record_position_unique() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF (SELECT COUNT(*) FROM ${prefix}record WHERE position = NEW.position) > 1 THEN
        RAISE EXCEPTION 'position % is taken in ${prefix}record', NEW.position USING ERRCODE = 'unique_violation'
    ; END IF
    ; RETURN NULL
    ; END $$;

CREATE TRIGGER ${prefix}record_position_unique AFTER INSERT ON ${prefix}record
    FOR EACH ROW EXECUTE FUNCTION ${prefix}record_position_unique();

CREATE TABLE ${prefix}record_p0 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 0);

CREATE TABLE ${prefix}record_p1 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 1);

CREATE TABLE ${prefix}record_p2 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 2);

CREATE TABLE ${prefix}record_p3 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 3);

CREATE TABLE ${prefix}record_p4 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 4);

CREATE TABLE ${prefix}record_p5 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 5);

CREATE TABLE ${prefix}record_p6 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 6);

CREATE TABLE ${prefix}record_p7 PARTITION OF ${prefix}record FOR VALUES WITH (MODULUS 8, REMAINDER 7);

CREATE TABLE ${prefix}interaction (
    subject VARCHAR(255) NOT NULL,
    interaction_id VARCHAR(255) NOT NULL,
    first_position BIGINT NOT NULL,
    CONSTRAINT ${prefix}interaction_pk PRIMARY KEY (subject, interaction_id)
) PARTITION BY HASH (subject);

CREATE TABLE ${prefix}interaction_p0 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 0);

CREATE TABLE ${prefix}interaction_p1 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 1);

CREATE TABLE ${prefix}interaction_p2 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 2);

CREATE TABLE ${prefix}interaction_p3 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 3);

CREATE TABLE ${prefix}interaction_p4 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 4);

CREATE TABLE ${prefix}interaction_p5 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 5);

CREATE TABLE ${prefix}interaction_p6 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 6);

CREATE TABLE ${prefix}interaction_p7 PARTITION OF ${prefix}interaction FOR VALUES WITH (MODULUS 8, REMAINDER 7);

CREATE TABLE ${prefix}current_state (
    subject VARCHAR(255) NOT NULL,
    slot VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    CONSTRAINT ${prefix}current_state_pk PRIMARY KEY (subject, slot)
) PARTITION BY HASH (subject);

CREATE TABLE ${prefix}current_state_p0 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 0);

CREATE TABLE ${prefix}current_state_p1 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 1);

CREATE TABLE ${prefix}current_state_p2 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 2);

CREATE TABLE ${prefix}current_state_p3 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 3);

CREATE TABLE ${prefix}current_state_p4 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 4);

CREATE TABLE ${prefix}current_state_p5 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 5);

CREATE TABLE ${prefix}current_state_p6 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 6);

CREATE TABLE ${prefix}current_state_p7 PARTITION OF ${prefix}current_state FOR VALUES WITH (MODULUS 8, REMAINDER 7);

-- Keyed by subject first: erasure deletes and reads a subject's evidence by subject, in one partition.
CREATE TABLE ${prefix}evidence (
    record_id CHAR(36) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    ip_address VARCHAR(64),
    user_agent VARCHAR(2048),
    attributes TEXT,
    salt BYTEA NOT NULL,
    CONSTRAINT ${prefix}evidence_pk PRIMARY KEY (subject, record_id)
) PARTITION BY HASH (subject);

CREATE TABLE ${prefix}evidence_p0 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 0);

CREATE TABLE ${prefix}evidence_p1 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 1);

CREATE TABLE ${prefix}evidence_p2 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 2);

CREATE TABLE ${prefix}evidence_p3 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 3);

CREATE TABLE ${prefix}evidence_p4 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 4);

CREATE TABLE ${prefix}evidence_p5 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 5);

CREATE TABLE ${prefix}evidence_p6 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 6);

CREATE TABLE ${prefix}evidence_p7 PARTITION OF ${prefix}evidence FOR VALUES WITH (MODULUS 8, REMAINDER 7);

CREATE TABLE ${prefix}purpose (
    purpose_id VARCHAR(100) NOT NULL,
    version INT NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    legal_basis VARCHAR(32) NOT NULL,
    group_id VARCHAR(100),
    max_age_ms BIGINT,
    min_valid_version INT NOT NULL,
    recipients TEXT NOT NULL,
    retired BOOLEAN NOT NULL,
    defined_at BIGINT,
    CONSTRAINT ${prefix}purpose_pk PRIMARY KEY (purpose_id, version)
);

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (1, 'ledger', CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT));
