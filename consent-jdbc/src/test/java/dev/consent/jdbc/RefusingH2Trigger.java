package dev.consent.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** An H2 trigger that refuses the statement it fires for; installed by {@link Triggers}. Public for H2. */
public final class RefusingH2Trigger implements Trigger {
    private String name = "?";

    @Override
    public void init(
            Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.name = triggerName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("refused by test trigger " + name, "45000");
    }
}
