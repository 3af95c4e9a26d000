package dev.consent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 trigger of the optional append-only hardening ({@link JdbcConsentStore.Builder#enforceAppendOnly()}):
 * refuses the UPDATE or DELETE of a row it fires for, with SQL state {@code 45000}. H2 creates it by name, so it
 * is public; applications do not use it. Stateless after {@link #init}; H2 calls it from any thread.
 */
public final class H2AppendOnlyTrigger implements Trigger {
    private volatile String table = "?";

    /** For H2, which creates the trigger by its class name. */
    public H2AppendOnlyTrigger() {}

    @Override
    public void init(
            Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        String operation = newRow == null ? "DELETE" : "UPDATE";
        throw new SQLException("consent table " + table + " is append-only: " + operation + " refused", "45000");
    }
}
