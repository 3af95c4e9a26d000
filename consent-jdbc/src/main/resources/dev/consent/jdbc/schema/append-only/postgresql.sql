-- Optional hardening of the consent ledger for PostgreSQL 13 and later (either table layout): the database
-- refuses every UPDATE, DELETE and TRUNCATE of ${prefix}record and ${prefix}interaction, whoever sends it,
-- the tables' owner included. The library's own SQL never changes or removes those rows, so every operation
-- (erasure and retention delete rows of ${prefix}evidence only) keeps working. Idempotent: applying it again
-- replaces the function and the triggers. Applied by JdbcConsentStore.Builder#enforceAppendOnly() with
-- SchemaMode.MIGRATE, or by an application's own tool with ${prefix} replaced. A role that owns the tables can
-- still drop or disable the triggers: see docs/stores.md, "Append-only, enforced", for the owner/application
-- role split that takes that away too.

CREATE OR REPLACE FUNCTION ${prefix}append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'consent table % is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501'; END $$;

DROP TRIGGER IF EXISTS ${prefix}record_append_only ON ${prefix}record;
CREATE TRIGGER ${prefix}record_append_only BEFORE UPDATE OR DELETE ON ${prefix}record
    FOR EACH ROW EXECUTE FUNCTION ${prefix}append_only();
DROP TRIGGER IF EXISTS ${prefix}record_no_truncate ON ${prefix}record;
CREATE TRIGGER ${prefix}record_no_truncate BEFORE TRUNCATE ON ${prefix}record
    FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}append_only();

DROP TRIGGER IF EXISTS ${prefix}interaction_append_only ON ${prefix}interaction;
CREATE TRIGGER ${prefix}interaction_append_only BEFORE UPDATE OR DELETE ON ${prefix}interaction
    FOR EACH ROW EXECUTE FUNCTION ${prefix}append_only();
DROP TRIGGER IF EXISTS ${prefix}interaction_no_truncate ON ${prefix}interaction;
CREATE TRIGGER ${prefix}interaction_no_truncate BEFORE TRUNCATE ON ${prefix}interaction
    FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}append_only();
