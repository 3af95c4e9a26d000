package dev.consent.jdbc;

import dev.consent.ConsentSystem;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.ForwardingStore;
import dev.consent.testkit.behaviour.MutableClock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;

/**
 * What the JDBC-specific tests share: the database under test (each database's test names it), stores and
 * systems made for one test and closed after it, last made first closed, and direct SQL on the tables, as
 * anyone with write access to the database has.
 */
abstract class DatabaseContract {
    /** The clock of every system a test builds; starts at {@link Fixtures#START}. */
    final MutableClock clock = new MutableClock(Fixtures.START);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private Jdbi sql;

    /** The database the tests run against. */
    abstract TestDatabase database();

    /** A fresh store with tables of its own, handed back after the test. */
    final TestStore newStore() {
        return closeAfter(database().newStore());
    }

    /** A system over {@code store} with the test clock; closed after the test, leaving the store open. */
    final ConsentSystem system(ConsentStore store) {
        return system(store, b -> {});
    }

    /** A system over {@code store} with the test clock and further settings. */
    final ConsentSystem system(ConsentStore store, Consumer<ConsentSystem.Builder> settings) {
        ConsentSystem.Builder b =
                ConsentSystem.builder().store(new ForwardingStore(store)).clock(clock);
        settings.accept(b);
        return closeAfter(b.build());
    }

    /** Registers something to close after the test, before everything registered earlier. */
    final <T extends AutoCloseable> T closeAfter(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Direct SQL on the database, through its shared pool. */
    final Jdbi sql() {
        if (sql == null) {
            sql = Jdbi.create(database().pool());
        }
        return sql;
    }

    /** How many rows {@code table} holds. */
    final long count(String table) {
        return sql().withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    /** The rows of the store's tables that appends write, as counts: records, interactions, evidence, state. */
    final List<Long> rowCounts(TestStore store) {
        String p = store.jdbc().tablePrefix();
        return List.of(
                count(p + "record"), count(p + "interaction"), count(p + "evidence"), count(p + "current_state"));
    }

    /** The position stored in the store's ledger-head row. */
    final long storedHead(TestStore store) {
        return sql().withHandle(h -> h.createQuery(
                        "SELECT position FROM " + store.jdbc().tablePrefix() + "ledger_head WHERE id = 1")
                .mapTo(Long.class)
                .one());
    }

    @AfterEach
    final void closeResources() throws Exception {
        Exception failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
