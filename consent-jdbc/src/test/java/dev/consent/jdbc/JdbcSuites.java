package dev.consent.jdbc;

import dev.consent.behaviour.BadInputContract;
import dev.consent.behaviour.ReceiptsContract;
import dev.consent.behaviour.ExportContract;
import dev.consent.behaviour.LinkingContract;
import dev.consent.behaviour.GroupsContract;
import dev.consent.behaviour.CheckAtContract;
import dev.consent.behaviour.BulkCheckContract;
import dev.consent.behaviour.EnforcerContract;
import dev.consent.behaviour.FailClosedContract;
import dev.consent.behaviour.FeedFollowingContract;
import dev.consent.behaviour.FreshnessContract;
import dev.consent.behaviour.LedgerContract;
import dev.consent.behaviour.LifecycleContract;
import dev.consent.behaviour.ListenerContract;
import dev.consent.behaviour.NullArgumentsContract;
import dev.consent.behaviour.PurposeRegistryContract;
import dev.consent.behaviour.ReadYourWritesContract;
import dev.consent.behaviour.SubjectStateContract;
import dev.consent.behaviour.TransparencyReportContract;
import dev.consent.behaviour.VerificationContract;
import dev.consent.behaviour.TransactionContract;
import dev.consent.behaviour.TxHandle;
import dev.consent.relay.RelayContract;
import dev.consent.reliability.ConcurrentWritersSuite;
import dev.consent.reliability.HostileInputSuite;
import dev.consent.reliability.LostAcknowledgementSuite;
import dev.consent.reliability.OutageSuite;
import dev.consent.reliability.ReadYourWritesSuite;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.RelayState;
import dev.consent.spi.RelayStateContract;
import org.junit.jupiter.api.AfterEach;
import dev.consent.spi.StoreTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import dev.consent.spi.ConsentStoreContract;
import org.junit.jupiter.api.Nested;

/**
 * Every test of the JDBC store over one database: each shared suite of consent-core's test-jar (the storage
 * contract and the behaviour of the whole system), then what only a JDBC store has (tampering with SQL,
 * database failures, the schema, the current-state table, feed order, the caller's transactions, statement
 * counts, two nodes), then the reliability suites of docs/reliability.md (tagged {@code reliability}). Each
 * database's test class is a subclass that names the database.
 */
abstract class JdbcSuites {
    /** The database the suites run against. */
    abstract TestDatabase database();

    @Nested
    class StoreContract extends ConsentStoreContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected boolean breakStorage(ConsentStore store) {
            ((TestStore) store).dataSource().goDown();
            return true;
        }
    }

    @Nested
    class BadInput extends BadInputContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class BulkCheck extends BulkCheckContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Enforcer extends EnforcerContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class FailClosed extends FailClosedContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class FeedFollowing extends FeedFollowingContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Freshness extends FreshnessContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Ledger extends LedgerContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Lifecycle extends LifecycleContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Canary extends CanaryJdbcContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class Erasure extends ErasureJdbcContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class Listener extends ListenerContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class NullArguments extends NullArgumentsContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class PurposeRegistry extends PurposeRegistryContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class ReadYourWrites extends ReadYourWritesContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class SubjectState extends SubjectStateContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class CheckAt extends CheckAtContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Groups extends GroupsContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Linking extends LinkingContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Export extends ExportContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Receipts extends ReceiptsContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class TransparencyReport extends TransparencyReportContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    @Nested
    class Verification extends VerificationContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }
    }

    /** Writes inside an application's Jdbi transaction: after-commit work runs through Jdbi's callbacks. */
    @Nested
    class TransactionOnJdbiHandle extends TransactionContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

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
    }

    /** Writes inside an application's JDBC transaction, committed through {@link JdbcTransaction}. */
    @Nested
    class TransactionOnConnection extends TransactionContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected TxHandle beginTransaction(ConsentStore store) {
            try {
                Connection connection = database().pool().getConnection();
                connection.setAutoCommit(false);
                JdbcTransaction transaction = ((TestStore) store).jdbc().transaction(connection);
                return new TxHandle() {
                    @Override
                    public StoreTransaction transaction() {
                        return transaction;
                    }

                    @Override
                    public void commit() {
                        try {
                            transaction.commit();
                        } finally {
                            close(connection);
                        }
                    }

                    @Override
                    public void rollback() {
                        try {
                            transaction.rollback();
                        } finally {
                            close(connection);
                        }
                    }
                };
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void close(Connection connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---------------------------------------------------------------- what only a JDBC store has

    @Nested
    class Tampering extends TamperingTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class StoreFailure extends StoreFailureTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class AppendOnly extends AppendOnlyTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class Schema extends SchemaTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class CurrentStateTable extends CurrentStateTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class FeedOrder extends FeedOrderContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class OwnTransaction extends OwnTransactionContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class StatementCount extends StatementCountContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class AppendCount extends AppendCountContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class GroupCommitting extends GroupCommitContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    /** The relay against a loopback webhook, its checkpoint, lease and dead letters in this database. */
    @Nested
    class Relay extends RelayContract {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected RelayState relayState(ConsentStore store) {
            return ((TestStore) store).jdbc().relayState();
        }
    }

    /** Leases, checkpoints and dead letters in this database, the second node on a pool of its own. */
    @Nested
    class RelayStateTables extends RelayStateContract {
        private TestStore store;
        private javax.sql.DataSource otherPool;

        @Override
        protected RelayState newState() {
            store = database().newStore();
            return store.jdbc().relayState();
        }

        @Override
        protected RelayState sameStateElsewhere(RelayState state) {
            otherPool = database().anotherPool(2);
            return JdbcConsentStore.builder(otherPool).tablePrefix(store.jdbc().tablePrefix())
                    .schemaMode(SchemaMode.VALIDATE).build().relayState();
        }

        @AfterEach
        void closeBoth() throws Exception {
            ((AutoCloseable) otherPool).close();
            store.close();
        }
    }

    @Nested
    class KilledRelayProcess extends KilledRelayProcessTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class TwoNodes extends TwoNodesContract {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    // ---------------------------------------------------------------- reliability (docs/reliability.md)

    /** A store over a pool of its own on the tables of {@code store}: what another application node has. */
    ConsentStore secondNodeOf(ConsentStore store, java.util.function.Consumer<AutoCloseable> closeAfter) {
        javax.sql.DataSource pool = database().anotherPool(4);
        closeAfter.accept((AutoCloseable) pool);
        return JdbcConsentStore.builder(pool).tablePrefix(((TestStore) store).jdbc().tablePrefix())
                .schemaMode(SchemaMode.VALIDATE).build();
    }

    @Nested
    class ReliabilityConcurrentWriters extends ConcurrentWritersSuite {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected String storeName() {
            return database().name();
        }

        @Override
        protected ConsentStore secondNode() {
            return secondNodeOf(store, this::closeAfterTest);
        }
    }

    @Nested
    class ReliabilityReadYourWrites extends ReadYourWritesSuite {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected String storeName() {
            return database().name();
        }

        @Override
        protected ConsentStore secondNode() {
            return secondNodeOf(store, this::closeAfterTest);
        }
    }

    /** The database's connections fail, as when it stops: every new connection is refused. */
    @Nested
    class ReliabilityOutage extends OutageSuite {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected String storeName() {
            return database().name();
        }

        @Override
        protected ConsentStore failableStore() {
            return store;
        }

        @Override
        protected void storeDown() {
            ((TestStore) store).dataSource().goDown();
        }

        @Override
        protected void storeUp() {
            ((TestStore) store).dataSource().comeBack();
        }

        @Override
        protected String fault() {
            return "every new connection refused";
        }
    }

    /** The driver's commit succeeds and then the connection reports an error. */
    @Nested
    class ReliabilityLostAcknowledgement extends LostAcknowledgementSuite {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected String storeName() {
            return database().name();
        }

        @Override
        protected LossyStore lossy(double share, long seed) {
            LossyDataSource lossy = new LossyDataSource(database().pool(), share, seed);
            ConsentStore store = JdbcConsentStore.builder(lossy.dataSource())
                    .tablePrefix(((TestStore) this.store).jdbc().tablePrefix()).schemaMode(SchemaMode.VALIDATE).build();
            return new LossyStore() {
                @Override
                public ConsentStore store() {
                    return store;
                }

                @Override
                public long dropped() {
                    return lossy.dropped();
                }
            };
        }

        @Override
        protected String fault() {
            return "connection error after the driver's commit";
        }
    }

    @Nested
    class ReliabilityHostileInput extends HostileInputSuite {
        @Override
        protected ConsentStore newStore() {
            return database().newStore();
        }

        @Override
        protected String storeName() {
            return database().name();
        }
    }

    @Nested
    class ReliabilityCrash extends CrashTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }

    @Nested
    class ReliabilityTampering extends LargeLedgerTamperingTest {
        @Override
        TestDatabase database() {
            return JdbcSuites.this.database();
        }
    }
}
