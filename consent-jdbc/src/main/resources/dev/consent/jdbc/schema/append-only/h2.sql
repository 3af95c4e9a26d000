-- Optional hardening of the consent ledger for H2 2.x: the database refuses every UPDATE and DELETE of
-- ${prefix}record and ${prefix}interaction, whoever sends it. The library's own SQL never changes or removes
-- those rows, so every operation (erasure and retention delete rows of ${prefix}evidence only) keeps working.
-- Idempotent: applying it again replaces the triggers. Applied by JdbcConsentStore.Builder#enforceAppendOnly()
-- with SchemaMode.MIGRATE, or by an application's own tool with ${prefix} replaced. The trigger class ships in
-- the consent-jdbc jar, which must be on the class path of the process that runs H2 (an H2 server included).

DROP TRIGGER IF EXISTS ${prefix}record_append_only;
CREATE TRIGGER ${prefix}record_append_only BEFORE UPDATE, DELETE ON ${prefix}record FOR EACH ROW
    CALL 'dev.consent.jdbc.H2AppendOnlyTrigger';

DROP TRIGGER IF EXISTS ${prefix}interaction_append_only;
CREATE TRIGGER ${prefix}interaction_append_only BEFORE UPDATE, DELETE ON ${prefix}interaction FOR EACH ROW
    CALL 'dev.consent.jdbc.H2AppendOnlyTrigger';
