-- Optional hardening of the consent ledger for MariaDB 10.6 and later and MySQL 8: the database refuses every
-- UPDATE and DELETE of ${prefix}record and ${prefix}interaction, whoever sends it. The library's own SQL never
-- changes or removes those rows, so every operation (erasure and retention delete rows of ${prefix}evidence
-- only) keeps working. Idempotent: applying it again replaces the triggers. Applied by
-- JdbcConsentStore.Builder#enforceAppendOnly() with SchemaMode.MIGRATE, or by an application's own tool with
-- ${prefix} replaced. Triggers do not fire on TRUNCATE TABLE, which needs the DROP privilege: withhold DROP
-- (and TRIGGER) from the application's account, as docs/stores.md, "Append-only, enforced", describes. With
-- binary logging on, creating a trigger needs SUPER or log_bin_trust_function_creators.

DROP TRIGGER IF EXISTS ${prefix}record_no_update;
CREATE TRIGGER ${prefix}record_no_update BEFORE UPDATE ON ${prefix}record FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent table ${prefix}record is append-only: UPDATE refused';
DROP TRIGGER IF EXISTS ${prefix}record_no_delete;
CREATE TRIGGER ${prefix}record_no_delete BEFORE DELETE ON ${prefix}record FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent table ${prefix}record is append-only: DELETE refused';

DROP TRIGGER IF EXISTS ${prefix}interaction_no_update;
CREATE TRIGGER ${prefix}interaction_no_update BEFORE UPDATE ON ${prefix}interaction FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent table ${prefix}interaction is append-only: UPDATE refused';
DROP TRIGGER IF EXISTS ${prefix}interaction_no_delete;
CREATE TRIGGER ${prefix}interaction_no_delete BEFORE DELETE ON ${prefix}interaction FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'consent table ${prefix}interaction is append-only: DELETE refused';
