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
import dev.consent.retention.Retention;
import dev.consent.retention.RetentionRule;
import dev.consent.retention.RetentionRun;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The library's SQL never updates or deletes a record, nor deletes an interaction: with the database
 * refusing those statements, by test triggers or by the shipped hardening
 * ({@link JdbcConsentStore.Builder#enforceAppendOnly()}), every operation of the library still succeeds, erasure
 * and retention included, while an UPDATE or DELETE sent through the application's own connection fails.
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

        everyOperation(store, consent);

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

    @Test
    void enforceAppendOnly_refusesUpdatesAndDeletesFromTheApplicationsConnection_whileEveryOperationSucceeds() {
        TestStore store = database().newAppendOnlyStore();
        String prefix = store.jdbc().tablePrefix();
        ConsentSystem consent = system(store);
        Fixtures.defineStandard(consent.purposes());

        everyOperation(store, consent);

        clock.advance(Duration.ofDays(3));
        RetentionRun run = Retention.builder()
                .consent(consent)
                .store(store)
                .clock(clock)
                .rule(RetentionRule.evidence(Period.ofDays(1)))
                .rule(RetentionRule.inactiveSubjects(Period.ofDays(2)))
                .build()
                .run(100);
        assertThat(run.records()).as("evidence removed by retention").isPositive();
        assertThat(run.subjects()).as("subjects erased by retention").isEqualTo(3);
        assertThat(consent.ledger().evidence("ada")).isEmpty();
        assertThat(consent.ledger().verify().problems()).isEmpty();
        long records = count(prefix + "record");
        long interactions = count(prefix + "interaction");
        assertThat(records).isEqualTo(15);

        // the application's own connection: the store's data source, as the store's user
        Jdbi application = Jdbi.create(store.dataSource());
        List<String> refused = new ArrayList<>(List.of(
                "UPDATE " + prefix + "record SET action = action",
                "UPDATE " + prefix + "record SET subject = 'mallory' WHERE position = 1",
                "DELETE FROM " + prefix + "record WHERE position = " + records,
                "DELETE FROM " + prefix + "record",
                "UPDATE " + prefix + "interaction SET first_position = first_position",
                "DELETE FROM " + prefix + "interaction"));
        if (store.jdbc().dialect() == Dialect.POSTGRESQL) {
            refused.add("TRUNCATE " + prefix + "record");
            refused.add("TRUNCATE " + prefix + "interaction");
        }
        for (String sql : refused) {
            assertThatThrownBy(() -> application.useHandle(h -> h.execute(sql)))
                    .as("the database refuses: %s", sql)
                    .hasStackTraceContaining("is append-only");
        }
        assertThat(count(prefix + "record")).isEqualTo(records);
        assertThat(count(prefix + "interaction")).isEqualTo(interactions);
        assertThat(consent.ledger().verify().problems()).isEmpty();
        // a statement that touches no row is not refused: the triggers fire per row (statement-level on TRUNCATE)
        application.useHandle(h -> h.execute("DELETE FROM " + prefix + "record WHERE position < 0"));
    }

    @Test
    void enforceAppendOnly_isIdempotent_andValidateRefusesTablesWithoutIt() {
        TestStore hardened = database().newAppendOnlyStore();
        String prefix = hardened.jdbc().tablePrefix();
        AppendOnlyTables tables = new AppendOnlyTables(hardened.jdbc().dialect(), prefix);
        assertThat(sql().withHandle(tables::installed)).isTrue();
        // again, with MIGRATE (the script runs again only if a trigger is missing) and with VALIDATE
        database()
                .builder(database().pool())
                .tablePrefix(prefix)
                .enforceAppendOnly()
                .build();
        database()
                .builder(database().pool())
                .tablePrefix(prefix)
                .schemaMode(SchemaMode.VALIDATE)
                .enforceAppendOnly()
                .build();
        sql().useHandle(tables::install);
        assertThat(sql().withHandle(tables::installed)).isTrue();

        TestStore plain = newStore();
        String plainPrefix = plain.jdbc().tablePrefix();
        assertThat(sql().withHandle(new AppendOnlyTables(plain.jdbc().dialect(), plainPrefix)::installed))
                .isFalse();
        assertThatThrownBy(() -> database()
                        .builder(database().pool())
                        .tablePrefix(plainPrefix)
                        .schemaMode(SchemaMode.VALIDATE)
                        .enforceAppendOnly()
                        .build())
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("append-only triggers")
                .hasMessageContaining(tables.scriptName());
    }

    /** Every kind of write and read the library makes, on a store whose records the database protects. */
    private void everyOperation(TestStore store, ConsentSystem consent) {
        String prefix = store.jdbc().tablePrefix();
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
    }
}
