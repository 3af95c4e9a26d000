package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.BILLING;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.Interaction;
import dev.consent.WriteResult;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library's SQL never updates or deletes a record, nor deletes an interaction: with the database
 * refusing those statements (as an append-only policy a careful operator installs would), every operation
 * of the library still succeeds.
 */
abstract class AppendOnlyContract extends DatabaseContract {

    @Test
    void everyOperation_succeedsWhileTheDatabaseRefusesToUpdateOrDeleteRecords() {
        TestStore store = newStore();
        String prefix = store.jdbc().tablePrefix();
        ConsentSystem consent = system(store);
        Fixtures.defineStandard(consent.purposes());
        closeAfter(new Triggers(sql(), store))
                .refuse("UPDATE", "record")
                .refuse("DELETE", "record")
                .refuse("DELETE", "interaction");

        consent.ledger().grant("ada", EMAIL, Fixtures.detailed());
        consent.ledger().deny("ada", SMS, WEB);
        clock.advance(Duration.ofMinutes(1));
        consent.ledger().withdraw("ada", EMAIL, WEB);
        consent.ledger().object("ada", ANALYTICS, WEB);
        consent.ledger().withdrawObjection("ada", ANALYTICS, WEB);
        WriteResult form = consent.ledger()
                .record(Interaction.builder("bob")
                        .interactionId("form-1")
                        .context(Fixtures.detailed())
                        .grant(EMAIL)
                        .grant(SMS)
                        .build());
        WriteResult replay = consent.ledger()
                .record(Interaction.builder("bob")
                        .interactionId("form-1")
                        .context(Fixtures.detailed())
                        .grant(EMAIL)
                        .grant(SMS)
                        .build());
        consent.purposes()
                .define(Fixtures.email().toBuilder()
                        .version(2)
                        .description("News and offers by e-mail, every week.")
                        .materialChange()
                        .build());
        clock.advance(Duration.ofMinutes(1));
        consent.ledger().grant("bob", EMAIL, WEB);
        consent.ledger().grant("cleo", SMS, Fixtures.detailed());
        consent.ledger().erase("cleo", WEB);
        consent.ledger().erase("cleo", WEB);
        consent.ledger().grant("dan", EMAIL, WEB);
        consent.ledger().markDeceased("dan", WEB);
        int rebuilt = store.jdbc().rebuildCurrentState();

        assertThat(replay.replayed()).isTrue();
        assertThat(replay.records()).isEqualTo(form.records());
        assertThat(consent.ledger().verify().problems()).isEmpty();
        for (String subject : List.of("ada", "bob", "cleo", "dan")) {
            assertThat(consent.ledger().verify(subject).problems()).as(subject).isEmpty();
        }
        assertThat(rebuilt).isEqualTo(count(prefix + "current_state")).isEqualTo(9);
        assertThat(consent.ledger().history("ada")).hasSize(5);
        assertThat(consent.ledger().evidence("cleo")).isEmpty();
        assertThat(consent.ledger().stateAt("ada", Fixtures.START).purposes()).isNotEmpty();
        ConsentSystem cold = system(store);
        assertThat(cold.enforcer().check("ada", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        assertThat(cold.enforcer().check("ada", ANALYTICS).reason()).isEqualTo(DecisionReason.NO_OBJECTION);
        assertThat(cold.enforcer().check("bob", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cold.enforcer().check("bob", SMS).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(cold.enforcer().check("cleo", SMS).reason()).isEqualTo(DecisionReason.SUBJECT_ERASED);
        assertThat(cold.enforcer().check("dan", EMAIL).reason()).isEqualTo(DecisionReason.SUBJECT_DECEASED);
        assertThat(cold.enforcer().check("dan", BILLING).allowed()).isTrue();
        assertThat(consent.ledger().headPosition())
                .isEqualTo(count(prefix + "record"))
                .isEqualTo(12);
        for (String refused : List.of(
                "UPDATE " + prefix + "record SET action = action",
                "DELETE FROM " + prefix + "record",
                "DELETE FROM " + prefix + "interaction")) {
            assertThatThrownBy(() -> sql().useHandle(h -> h.execute(refused)))
                    .as("the database refuses: %s", refused)
                    .hasStackTraceContaining("refused by test trigger");
        }
        assertThat(count(prefix + "record")).isEqualTo(12);
    }
}
