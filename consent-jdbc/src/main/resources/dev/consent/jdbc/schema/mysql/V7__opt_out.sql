-- Consent ledger, schema version 7, for MySQL 8.0.17 and later (the MariaDB script with MySQL's collation, see
-- V1): opt-out purposes (sale or sharing of personal data, and the jurisdictions where they follow an opt-out
-- model; see docs/gpc.md). ${prefix} is the configured table prefix. Applied after V6, by an application's own
-- migration tool; it records its version like V1 does. Records need no change: an opt-out is the action OPTED_OUT,
-- and an opt-out preference signal the channel PREFERENCE_SIGNAL with the signal's name (GPC) as the collection
-- point.

-- Whether the purpose is a sale or a sharing of personal data: SALE, SHARING or SALE,SHARING (enum names, comma
-- separated); NULL when it is neither, and in versions stored before.
ALTER TABLE ${prefix}purpose ADD COLUMN sale_or_sharing VARCHAR(32);

-- The jurisdictions (such as US-CA) in which the purpose follows an opt-out model, as a JSON array of strings;
-- NULL when none, and in versions stored before.
ALTER TABLE ${prefix}purpose ADD COLUMN opt_out_jurisdictions MEDIUMTEXT;

INSERT INTO ${prefix}schema_version (version, description, applied_at)
    VALUES (7, 'opt_out', CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED));
