-- Consent ledger, schema version 1, for MySQL 8.0.17 and later: the scripts of ../mariadb/ with the collation
-- utf8mb4_0900_bin, MySQL's binary collation without trailing-space padding (MySQL has no utf8mb4_nopad_bin).
-- ${prefix} is the configured table prefix. Every text column compares exactly: subject ids differing only in
-- case, accents or trailing spaces are different subjects. Apply these scripts with your own migration tool and
-- open the store with SchemaMode.VALIDATE: SchemaMode.MIGRATE applies the MariaDB scripts.
-- The library's own SQL never updates or deletes a row of ${prefix}record. A test keeps these scripts equal to
-- the MariaDB ones but for the collation and the comments; the project's tests run them on no MySQL server.

-- Applied as it is by an application's own migration tool (with ${prefix} replaced): the script records its
-- version in ${prefix}schema_version, which SchemaMode.VALIDATE reads.

CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
    version INT NOT NULL PRIMARY KEY,
    description VARCHAR(200) NOT NULL,
    applied_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

CREATE TABLE ${prefix}ledger_head (
    id INT NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

INSERT INTO ${prefix}ledger_head (id, position) VALUES (1, 0);

CREATE TABLE ${prefix}record (
    position BIGINT NOT NULL PRIMARY KEY,
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
    CONSTRAINT ${prefix}record_id_uk UNIQUE (record_id),
    CONSTRAINT ${prefix}record_subject_seq_uk UNIQUE (subject, subject_seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

CREATE TABLE ${prefix}interaction (
    subject VARCHAR(255) NOT NULL,
    interaction_id VARCHAR(255) NOT NULL,
    first_position BIGINT NOT NULL,
    CONSTRAINT ${prefix}interaction_pk PRIMARY KEY (subject, interaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

CREATE TABLE ${prefix}current_state (
    subject VARCHAR(255) NOT NULL,
    slot VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    CONSTRAINT ${prefix}current_state_pk PRIMARY KEY (subject, slot)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

CREATE TABLE ${prefix}evidence (
    record_id CHAR(36) NOT NULL PRIMARY KEY,
    subject VARCHAR(255) NOT NULL,
    ip_address VARCHAR(64),
    user_agent VARCHAR(2048),
    attributes MEDIUMTEXT,
    salt VARBINARY(16) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

CREATE INDEX ${prefix}evidence_subject_ix ON ${prefix}evidence (subject);

CREATE TABLE ${prefix}purpose (
    purpose_id VARCHAR(100) NOT NULL,
    version INT NOT NULL,
    title VARCHAR(200) NOT NULL,
    description MEDIUMTEXT NOT NULL,
    legal_basis VARCHAR(32) NOT NULL,
    group_id VARCHAR(100),
    max_age_ms BIGINT,
    min_valid_version INT NOT NULL,
    recipients MEDIUMTEXT NOT NULL,
    retired BOOLEAN NOT NULL,
    defined_at BIGINT,
    CONSTRAINT ${prefix}purpose_pk PRIMARY KEY (purpose_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (1, 'ledger', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
