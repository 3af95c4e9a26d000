package dev.consent.testkit;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.CalendarPeriodContract;
import dev.consent.testkit.behaviour.ChangesOverTimeContract;
import dev.consent.testkit.behaviour.ChildrenContract;
import dev.consent.testkit.behaviour.OptOutJurisdictionContract;
import dev.consent.testkit.behaviour.OptOutSignalContract;
import dev.consent.testkit.behaviour.RecipientDocumentsContract;
import dev.consent.testkit.behaviour.RecipientsContract;
import dev.consent.testkit.behaviour.ReinterpretationContract;
import dev.consent.testkit.behaviour.ReinterpretationStorageContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The topics of {@link ConsentStoreKit} about the rules that make consent what the law reads: calendar periods,
 * recipients, reinterpretation, opt-out jurisdictions and preference signals, and children, each over the
 * whole system ({@code ConsentSystem}) on the store.
 */
abstract class LawTopics extends BehaviourTopics {
    @Nested
    @DisplayName("recipient-scoped checks allow only the recipients of the version agreed to")
    class RecipientsTopic extends RecipientsContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("receipts and reports name the recipients of the version agreed to")
    class RecipientDocumentsTopic extends RecipientDocumentsContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("a maximum age in calendar months and years")
    class CalendarPeriodTopic extends CalendarPeriodContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("children: the age of digital consent")
    class ChildrenTopic extends ChildrenContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("reinterpretation: invalidating grants as a recorded event")
    class ReinterpretationTopic extends ReinterpretationContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("reinterpretation: registry events in the store, and the report")
    class ReinterpretationStorageTopic extends ReinterpretationStorageContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("opt-out preference signals (GPC)")
    class OptOutSignalTopic extends OptOutSignalContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("opt-out jurisdictions")
    class OptOutJurisdictionTopic extends OptOutJurisdictionContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }

    @Nested
    @DisplayName("decisions that change at an instant: cached snapshots and the drift audit")
    class ChangesOverTimeTopic extends ChangesOverTimeContract {
        @Override
        protected ConsentStore newStore() {
            return LawTopics.this.newStore();
        }
    }
}
