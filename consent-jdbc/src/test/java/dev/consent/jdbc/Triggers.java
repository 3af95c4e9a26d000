package dev.consent.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes the database refuse statements on a store's tables, as an append-only policy or a failing disk
 * would: each refused statement raises an error inside the database. Closing drops every trigger this
 * installed (and on PostgreSQL the function they call), so the tables can be handed back.
 */
final class Triggers implements AutoCloseable {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String prefix;
    private final List<String> drops = new ArrayList<>();

    Triggers(Jdbi jdbi, TestStore store) {
        this.jdbi = jdbi;
        this.dialect = store.jdbc().dialect();
        this.prefix = store.jdbc().tablePrefix();
    }

    /**
     * From now on the database refuses every {@code operation} on the store's {@code table}.
     *
     * @param operation INSERT, UPDATE or DELETE
     * @param table the table name without the prefix
     */
    Triggers refuse(String operation, String table) {
        String t = prefix + table;
        String name = t + "_refuse_" + operation.toLowerCase(Locale.ROOT);
        switch (dialect) {
            case H2 -> {
                run("CREATE TRIGGER " + name + " BEFORE " + operation + " ON " + t + " FOR EACH STATEMENT CALL '"
                        + RefusingH2Trigger.class.getName() + "'");
                drops.add("DROP TRIGGER IF EXISTS " + name);
            }
            case POSTGRESQL -> {
                run("CREATE OR REPLACE FUNCTION " + prefix + "refuse() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN RAISE EXCEPTION 'refused by test trigger %', TG_NAME; END $$");
                run("CREATE TRIGGER " + name + " BEFORE " + operation + " ON " + t + " FOR EACH STATEMENT"
                        + " EXECUTE FUNCTION " + prefix + "refuse()");
                drops.add("DROP TRIGGER IF EXISTS " + name + " ON " + t);
                if (!drops.contains(dropFunction())) {
                    drops.add(dropFunction());
                }
            }
            case MARIADB -> {
                run("CREATE TRIGGER " + name + " BEFORE " + operation + " ON " + t + " FOR EACH ROW"
                        + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by test trigger " + name + "'");
                drops.add("DROP TRIGGER IF EXISTS " + name);
            }
        }
        return this;
    }

    private String dropFunction() {
        return "DROP FUNCTION IF EXISTS " + prefix + "refuse()";
    }

    private void run(String sql) {
        jdbi.useHandle(h -> {
            try (Statement s = h.getConnection().createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("could not run: " + sql, e);
            }
        });
    }

    @Override
    public void close() {
        // the function last: every trigger calling it is gone by then
        drops.sort((a, b) -> Boolean.compare(a.startsWith("DROP FUNCTION"), b.startsWith("DROP FUNCTION")));
        for (String drop : drops) {
            run(drop);
        }
        drops.clear();
    }
}
