package dev.consent.jdbc;

import dev.consent.requests.RequestStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import dev.consent.spi.StoreTransaction;
import dev.consent.testkit.ConsentStoreKit;
import dev.consent.testkit.behaviour.TransactionContract;
import dev.consent.testkit.behaviour.TransactionReplayContract;
import dev.consent.testkit.behaviour.TxHandle;
import dev.consent.testkit.reliability.LossyStore;
import dev.consent.testkit.reliability.StoreOutage;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * Every test of the JDBC store over one database: the whole test kit, with the hooks a database answers
 * (its tables searched by the canary and copied for a backup, its connections refused for an outage, a second
 * node on a pool of its own, writes in the application's Jdbi transaction), then the topics only a JDBC store
 * has (tampering with SQL, database failures, the schema, the current-state table, feed order, the caller's
 * JDBC transaction, statement counts, two nodes, the legacy import from a query, a killed relay process, a crash,
 * a large ledger tampered with). Each database's test class is a subclass that names the database.
 */
abstract class JdbcStoreKit extends ConsentStoreKit {
    private static final List<String> TABLES =
            List.of("record", "interaction", "current_state", "evidence", "evidence_key", "purpose", "merkle_node");

    /** The database the kit runs against. */
    abstract TestDatabase database();

    @Override
    protected ConsentStore newStore() {
        return database().newStore();
    }

    @Override
    protected String storeName() {
        return database().name();
    }

    @Override
    protected boolean breakStorage(ConsentStore store) {
        ((TestStore) store).dataSource().goDown();
        return true;
    }

    /** The heap is searched only where the database runs in another process: H2 keeps pages in this JVM. */
    @Override
    protected boolean searchesTheHeap() {
        return database().reachableFromOtherProcesses();
    }

    /**
     * Every value of every table (where evidence is only sealed: a test of the canary asserts that no token is in
     * them in plain text, the bystander's included), and what the SPI reads, where the bystander's evidence shows.
     */
    @Override
    protected List<String> storedTexts(ConsentStore store, List<String> subjects) {
        List<String> texts = new java.util.ArrayList<>(TableTexts.of(database(), store));
        texts.addAll(dev.consent.testkit.behaviour.CanaryContract.textsThroughTheSpi(store, subjects));
        return texts;
    }

    /** The backup is a fresh set of tables holding a copy of the store's, as a dump and restore would make. */
    @Override
    protected Object backup(ConsentStore store, Supplier<ConsentStore> freshStore) {
        String from = ((TestStore) store).jdbc().tablePrefix();
        TestStore copy = (TestStore) freshStore.get();
        String to = copy.jdbc().tablePrefix();
        Jdbi.create(database().pool()).useTransaction(h -> {
            for (String table : TABLES) {
                h.execute("INSERT INTO " + to + table + " SELECT * FROM " + from + table);
            }
            for (String column : List.of("position", "tree_size")) {
                h.execute("UPDATE " + to + "ledger_head SET " + column + " = (SELECT " + column + " FROM " + from
                        + "ledger_head WHERE id = 1) WHERE id = 1");
            }
        });
        return copy;
    }

    @Override
    protected ConsentStore restore(Object backup, Supplier<ConsentStore> freshStore) {
        return (ConsentStore) backup;
    }

    @Override
    protected boolean restoresErasedSubjects() {
        return true;
    }

    /** Writes inside an application's Jdbi transaction: after-commit work runs through Jdbi's callbacks. */
    @Override
    protected TxHandle beginTransaction(ConsentStore store) {
        Handle handle = Jdbi.create(database().pool()).open();
        handle.begin();
        StoreTransaction transaction = ((TestStore) store).jdbc().transaction(handle);
        return new TxHandle() {
            @Override
            public StoreTransaction transaction() {
                return transaction;
            }

            @Override
            public void commit() {
                try (handle) {
                    handle.commit();
                }
            }

            @Override
            public void rollback() {
                try (handle) {
                    handle.rollback();
                }
            }
        };
    }

    /** The relay state in this database, as the test's store or a second node's store reaches it. */
    @Override
    protected RelayState relayState(ConsentStore store) {
        return store instanceof TestStore test ? test.jdbc().relayState() : ((JdbcConsentStore) store).relayState();
    }

    /** The request store in this database, as the test's store or a second node's store reaches it. */
    @Override
    protected RequestStore requestStore(ConsentStore store) {
        return store instanceof TestStore test ? test.jdbc().requestStore() : ((JdbcConsentStore) store).requestStore();
    }

    /** A store over a pool of its own on the tables of {@code store}: what another application node has. */
    @Override
    protected ConsentStore secondNode(ConsentStore store, Consumer<AutoCloseable> closeAfterTest) {
        DataSource pool = database().anotherPool(4);
        closeAfterTest.accept((AutoCloseable) pool);
        return JdbcConsentStore.builder(pool)
                .tablePrefix(((TestStore) store).jdbc().tablePrefix())
                .schemaMode(SchemaMode.VALIDATE)
                .build();
    }

    /** The database's connections fail, as when it stops: every new connection is refused. */
    @Override
    protected StoreOutage outage(ConsentStore store) {
        SwitchableDataSource connections = ((TestStore) store).dataSource();
        return new StoreOutage() {
            @Override
            public ConsentStore store() {
                return store;
            }

            @Override
            public void down() {
                connections.goDown();
            }

            @Override
            public void up() {
                connections.comeBack();
            }

            @Override
            public String fault() {
                return "every new connection refused";
            }
        };
    }

    /** The driver's commit succeeds and then the connection reports an error. */
    @Override
    protected LossyStore lossy(ConsentStore store, double share, long seed) {
        LossyDataSource lossy = new LossyDataSource(database().pool(), share, seed);
        ConsentStore over = JdbcConsentStore.builder(lossy.dataSource())
                .tablePrefix(((TestStore) store).jdbc().tablePrefix())
                .schemaMode(SchemaMode.VALIDATE)
                .build();
        return new LossyStore() {
            @Override
            public ConsentStore store() {
                return over;
            }

            @Override
            public long dropped() {
                return lossy.dropped();
            }

            @Override
            public String fault() {
                return "connection error after the driver's commit";
            }
        };
    }

    // ---------------------------------------------------------------- what only a JDBC store has

    /** Writes inside an application's JDBC transaction, committed through {@link JdbcTransaction}. */
    @Nested
    @DisplayName("writes in the caller's JDBC connection")
    class TransactionOnConnectionTopic extends TransactionContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected TxHandle beginTransaction(ConsentStore store) {
            return ConnectionTransaction.begin(database().pool(), ((TestStore) store).jdbc());
        }
    }

    /** Retries inside an application's JDBC transaction, committed through {@link JdbcTransaction}. */
    @Nested
    @DisplayName("retries in the caller's JDBC connection")
    class TransactionReplayOnConnectionTopic extends TransactionReplayContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected TxHandle beginTransaction(ConsentStore store) {
            return ConnectionTransaction.begin(database().pool(), ((TestStore) store).jdbc());
        }
    }

    @Nested
    @DisplayName("tampering with the tables is found")
    class TamperingTopic extends TamperingContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("database failures")
    class StoreFailureTopic extends StoreFailureContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("the ledger tables are append-only")
    class AppendOnlyTopic extends AppendOnlyContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("the schema")
    class SchemaTopic extends SchemaContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("the current-state table")
    class CurrentStateTableTopic extends CurrentStateTableContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("feed order")
    class FeedOrderTopic extends FeedOrderContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("the caller's own transaction")
    class OwnTransactionTopic extends OwnTransactionContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("a transaction manager's transaction")
    class ManagedTransactionTopic extends ManagedTransactionContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("statements per operation")
    class StatementCountTopic extends StatementCountContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("transactions and statements per append, counted")
    class AppendCountTopic extends AppendCountContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("group commit")
    class GroupCommitTopic extends GroupCommitContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("a relay process killed")
    class KilledRelayProcessTopic extends KilledRelayProcessContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("two nodes on one database")
    class TwoNodesTopic extends TwoNodesContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("legacy import from a query on a table of this database")
    class QuerySourceTopic extends QuerySourceContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("reliability: the writing process crashes")
    class CrashTopic extends CrashContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("reliability: a process carrying out an erasure request crashes")
    class RequestCrashTopic extends RequestCrashContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("reliability: tampering in a large ledger")
    class LargeLedgerTamperingTopic extends LargeLedgerTamperingContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("the Merkle tree of a ledger from before schema version 9")
    class TreeUpgradeTopic extends TreeUpgradeContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }

    @Nested
    @DisplayName("the ledger's proofs and checkpoints, checked by outside verifiers")
    class OutsideVerifierTopic extends OutsideVerifierContract {
        @Override
        TestDatabase database() {
            return JdbcStoreKit.this.database();
        }
    }
}
