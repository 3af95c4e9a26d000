package dev.consent.testkit;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.BadInputContract;
import dev.consent.testkit.behaviour.BulkCheckContract;
import dev.consent.testkit.behaviour.CanaryContract;
import dev.consent.testkit.behaviour.CheckAtContract;
import dev.consent.testkit.behaviour.CurrentStateVerificationContract;
import dev.consent.testkit.behaviour.DriftAuditContract;
import dev.consent.testkit.behaviour.EnforcerContract;
import dev.consent.testkit.behaviour.ErasureContract;
import dev.consent.testkit.behaviour.ExportContract;
import dev.consent.testkit.behaviour.FailClosedContract;
import dev.consent.testkit.behaviour.FeedFollowingContract;
import dev.consent.testkit.behaviour.FreshnessContract;
import dev.consent.testkit.behaviour.GroupsContract;
import dev.consent.testkit.behaviour.ImportContract;
import dev.consent.testkit.behaviour.LedgerContract;
import dev.consent.testkit.behaviour.LifecycleContract;
import dev.consent.testkit.behaviour.LinkingContract;
import dev.consent.testkit.behaviour.ListenerContract;
import dev.consent.testkit.behaviour.MerkleLogContract;
import dev.consent.testkit.behaviour.NullArgumentsContract;
import dev.consent.testkit.behaviour.PurposeRegistryContract;
import dev.consent.testkit.behaviour.ReadYourWritesContract;
import dev.consent.testkit.behaviour.ReceiptsContract;
import dev.consent.testkit.behaviour.SubjectStateContract;
import dev.consent.testkit.behaviour.TombstonesContract;
import dev.consent.testkit.behaviour.TransactionContract;
import dev.consent.testkit.behaviour.TransactionReplayContract;
import dev.consent.testkit.behaviour.TransparencyReportContract;
import dev.consent.testkit.behaviour.TxHandle;
import dev.consent.testkit.behaviour.VerificationContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour topics of {@link ConsentStoreKit}: the whole system ({@code ConsentSystem}) over the store, one
 * nested class per behaviour contract, each forwarding {@link #newStore()} and its hooks to the kit.
 */
abstract class BehaviourTopics extends StoreKitHooks {
    @Nested
    @DisplayName("bad input is rejected with the field named")
    class BadInputTopic extends BadInputContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("bulk checks")
    class BulkCheckTopic extends BulkCheckContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }

        @Override
        protected int bulkSubjects() {
            return BehaviourTopics.this.bulkSubjects();
        }
    }

    @Nested
    @DisplayName("the Merkle log: checkpoints and proofs")
    class MerkleLogTopic extends MerkleLogContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("the drift audit of processing logs")
    class DriftAuditTopic extends DriftAuditContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("after erasure no evidence is left anywhere")
    class CanaryTopic extends CanaryContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }

        @Override
        protected List<String> storedTexts(ConsentStore store, List<String> subjects) {
            return BehaviourTopics.this.storedTexts(store, subjects);
        }

        @Override
        protected boolean searchesTheHeap() {
            return BehaviourTopics.this.searchesTheHeap();
        }
    }

    @Nested
    @DisplayName("checks as of a past time")
    class CheckAtTopic extends CheckAtContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("the enforcer")
    class EnforcerTopic extends EnforcerContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("erasure")
    class ErasureTopic extends ErasureContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }

        @Override
        protected Object backup(ConsentStore store) {
            return BehaviourTopics.this.backup(store, this::anotherStore);
        }

        @Override
        protected ConsentStore restore(Object backup) {
            return BehaviourTopics.this.restore(backup, this::anotherStore);
        }

        @Override
        protected boolean restoresErasedSubjects() {
            return BehaviourTopics.this.restoresErasedSubjects();
        }
    }

    @Nested
    @DisplayName("tombstones of erased subjects")
    class TombstonesTopic extends TombstonesContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("access exports")
    class ExportTopic extends ExportContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("failing closed when the store fails")
    class FailClosedTopic extends FailClosedContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("following the change feed")
    class FeedFollowingTopic extends FeedFollowingContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }

        @Override
        protected Duration pollInterval() {
            return BehaviourTopics.this.feedPollInterval();
        }

        @Override
        protected Duration slack() {
            return BehaviourTopics.this.feedLagSlack();
        }
    }

    @Nested
    @DisplayName("freshness of decisions")
    class FreshnessTopic extends FreshnessContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("purpose groups")
    class GroupsTopic extends GroupsContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("the ledger")
    class LedgerTopic extends LedgerContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("subject lifecycle")
    class LifecycleTopic extends LifecycleContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("subject links")
    class LinkingTopic extends LinkingContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("listeners")
    class ListenerTopic extends ListenerContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("every public method rejects null")
    class NullArgumentsTopic extends NullArgumentsContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("the purpose registry")
    class PurposeRegistryTopic extends PurposeRegistryContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("read your writes")
    class ReadYourWritesTopic extends ReadYourWritesContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }

        @Override
        protected int raceIterations() {
            return BehaviourTopics.this.readYourWritesRounds();
        }
    }

    @Nested
    @DisplayName("receipts")
    class ReceiptsTopic extends ReceiptsContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("subject state")
    class SubjectStateTopic extends SubjectStateContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("writes in the caller's transaction")
    class TransactionTopic extends TransactionContract {
        @Override
        protected ConsentStore newStore() {
            return newTransactionalStore();
        }

        @Override
        protected TxHandle beginTransaction(ConsentStore store) {
            return BehaviourTopics.this.beginTransaction(store);
        }

        @Override
        protected int raceIterations() {
            return transactionRounds();
        }
    }

    @Nested
    @DisplayName("retries in the caller's transaction")
    class TransactionReplayTopic extends TransactionReplayContract {
        @Override
        protected ConsentStore newStore() {
            return newTransactionalStore();
        }

        @Override
        protected TxHandle beginTransaction(ConsentStore store) {
            return BehaviourTopics.this.beginTransaction(store);
        }
    }

    @Nested
    @DisplayName("transparency reports")
    class TransparencyReportTopic extends TransparencyReportContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("verification of the hash chains")
    class VerificationTopic extends VerificationContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("verification against the current state")
    class CurrentStateVerificationTopic extends CurrentStateVerificationContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("legacy import")
    class ImportTopic extends ImportContract {
        @Override
        protected ConsentStore newStore() {
            return BehaviourTopics.this.newStore();
        }
    }
}
