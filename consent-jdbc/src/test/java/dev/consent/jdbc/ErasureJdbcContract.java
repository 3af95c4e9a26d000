package dev.consent.jdbc;

import dev.consent.testkit.behaviour.ErasureContract;
import dev.consent.spi.ConsentStore;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The erasure suite on a database, with a backup that copies the tables (as a dump and restore would), so
 * that subjects erased before the backup are restored as erased, without their evidence.
 */
abstract class ErasureJdbcContract extends ErasureContract {
    private static final List<String> TABLES = List.of("record", "interaction", "current_state", "evidence",
            "purpose");

    abstract TestDatabase database();

    @Override
    protected ConsentStore newStore() {
        return database().newStore();
    }

    /** The backup is the name of a fresh set of tables holding a copy of the store's. */
    @Override
    protected Object backup(ConsentStore store) {
        String from = ((TestStore) store).jdbc().tablePrefix();
        TestStore copy = (TestStore) anotherStore();
        String to = copy.jdbc().tablePrefix();
        Jdbi.create(database().pool()).useTransaction(h -> {
            for (String table : TABLES) {
                h.execute("INSERT INTO " + to + table + " SELECT * FROM " + from + table);
            }
            h.execute("UPDATE " + to + "ledger_head SET position = (SELECT position FROM " + from
                    + "ledger_head WHERE id = 1) WHERE id = 1");
        });
        return copy;
    }

    @Override
    protected ConsentStore restore(Object backup) {
        return (ConsentStore) backup;
    }

    @Override
    protected boolean restoresErasedSubjects() {
        return true;
    }
}
