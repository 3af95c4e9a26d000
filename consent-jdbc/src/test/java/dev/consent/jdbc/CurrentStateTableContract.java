package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The current-state table: one row per subject and purpose (or lifecycle action) pointing at its latest
 * record. Appends keep it; {@link JdbcConsentStore#rebuildCurrentState()} derives it from the records; a cold
 * check reads its answer through it.
 */
abstract class CurrentStateTableContract extends DatabaseContract {
    private TestStore store;
    private ConsentSystem consent;

    private void writeWorkload() {
        store = newStore();
        consent = system(store);
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("ada", EMAIL, Fixtures.detailed());
        consent.ledger()
                .record(Interaction.builder("bob")
                        .context(WEB)
                        .grant(EMAIL)
                        .grant(SMS)
                        .object(ANALYTICS)
                        .build());
        clock.advance(Duration.ofMinutes(1));
        consent.ledger().withdraw("ada", EMAIL, WEB);
        consent.ledger().grant("ada", EMAIL, WEB);
        consent.ledger().withdrawObjection("bob", ANALYTICS, WEB);
        consent.ledger().deny("cleo", SMS, WEB);
        consent.ledger().grant("cleo", EMAIL, WEB);
        consent.ledger().erase("cleo", WEB);
        consent.ledger().grant("dan", SMS, WEB);
        consent.ledger().markDeceased("dan", WEB);
        clock.advance(Duration.ofMinutes(1));
        consent.ledger().withdraw("bob", SMS, WEB);
    }

    /** The table's rows as "subject slot" to position. */
    private Map<String, Long> currentStateRows() {
        Map<String, Long> rows = new TreeMap<>();
        sql().useHandle(h -> h.createQuery(
                        "SELECT subject, slot, position FROM " + store.jdbc().tablePrefix() + "current_state")
                .map((rs, ctx) ->
                        rows.put(rs.getString("subject") + " " + rs.getString("slot"), rs.getLong("position")))
                .list());
        return rows;
    }

    /** The rows the table should hold, worked out here from the records themselves. */
    private Map<String, Long> latestPerSlotOfTheRecords() {
        Map<String, Long> rows = new TreeMap<>();
        for (ConsentRecord r : store.readFeed(0, 1_000)) {
            String slot =
                    r.purposeId() != null ? r.purposeId() : "#" + r.action().name();
            rows.merge(r.subject() + " " + slot, r.position(), Math::max);
        }
        return rows;
    }

    @Test
    void theTableKeptByAppends_isTheLatestRecordPerSubjectAndSlot_andWhatARebuildProduces() {
        writeWorkload();
        Map<String, Long> kept = currentStateRows();

        assertThat(kept)
                .isEqualTo(latestPerSlotOfTheRecords())
                .containsEntry(
                        "cleo #SUBJECT_ERASED",
                        consent.ledger().history("cleo").get(2).position())
                .hasSize(9);
        sql().useHandle(h -> h.execute("DELETE FROM " + store.jdbc().tablePrefix() + "current_state"));
        int written = store.jdbc().rebuildCurrentState();
        assertThat(currentStateRows()).isEqualTo(kept);
        assertThat(written).isEqualTo(kept.size());
        assertThat(store.jdbc().rebuildCurrentState())
                .as("a rebuild over a sound table")
                .isEqualTo(kept.size());
        assertThat(currentStateRows()).isEqualTo(kept);
    }

    @Test
    void aRowPointedAtAnOlderRecord_drivesColdChecks_untilARebuildRepairsIt() {
        writeWorkload();
        List<ConsentRecord> ada = consent.ledger().history("ada");
        ConsentRecord withdrawal = ada.get(1);
        ConsentRecord regrant = ada.get(2);
        ConsentRecord bobsSmsWithdrawal = last(consent.ledger().history("bob"));
        ConsentRecord bobsSmsGrant = consent.ledger().history("bob").get(1);
        assertThat(bobsSmsGrant.purposeId()).isEqualTo(SMS);
        String table = store.jdbc().tablePrefix() + "current_state";

        sql().useHandle(h -> {
            h.createUpdate("UPDATE " + table + " SET position = :p WHERE subject = 'ada' AND slot = :slot")
                    .bind("p", withdrawal.position())
                    .bind("slot", EMAIL)
                    .execute();
            h.createUpdate("UPDATE " + table + " SET position = :p WHERE subject = 'bob' AND slot = :slot")
                    .bind("p", bobsSmsGrant.position())
                    .bind("slot", SMS)
                    .execute();
        });

        Decision adaNow = system(store).enforcer().check("ada", EMAIL);
        Decision bobNow = system(store).enforcer().check("bob", SMS);
        assertThat(adaNow.reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(adaNow.recordId()).isEqualTo(withdrawal.id());
        assertThat(bobNow.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(bobNow.recordId()).isEqualTo(bobsSmsGrant.id());

        store.jdbc().rebuildCurrentState();

        Decision adaRepaired = system(store).enforcer().check("ada", EMAIL);
        Decision bobRepaired = system(store).enforcer().check("bob", SMS);
        assertThat(adaRepaired.reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(adaRepaired.recordId()).isEqualTo(regrant.id());
        assertThat(bobRepaired.reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(bobRepaired.recordId()).isEqualTo(bobsSmsWithdrawal.id());
    }

    @Test
    void aLifecycleRowRemoved_letsColdChecksAllowAnErasedSubject_untilARebuildRepairsIt() {
        writeWorkload();
        sql().useHandle(h -> h.execute("DELETE FROM " + store.jdbc().tablePrefix()
                + "current_state WHERE subject = 'cleo' AND slot = '#SUBJECT_ERASED'"));

        assertThat(system(store).enforcer().check("cleo", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);

        store.jdbc().rebuildCurrentState();

        assertThat(system(store).enforcer().check("cleo", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
    }

    private static ConsentRecord last(List<ConsentRecord> records) {
        return records.get(records.size() - 1);
    }
}
