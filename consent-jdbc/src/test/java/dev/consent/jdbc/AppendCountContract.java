package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one append costs the database, counted exactly at the JDBC connection: one transaction (T1 = 1), for a
 * subject this system has never seen (nothing cached, taken as new) and for one it has (built on the cached
 * state), no isolation-level probe, and a fixed number of statements: on PostgreSQL one (the head's move and the
 * inserts in one statement, in auto-commit mode); on MariaDB one (an anonymous compound statement that begins the
 * transaction, moves the head, inserts and commits); on H2 six (the head lock and its re-read, the three inserts,
 * the head move). A subject written elsewhere that this
 * system never saw costs a failed guess, until the store learns to read such subjects first.
 */
abstract class AppendCountContract {
    private TestStore tables;
    private CountingDataSource counting;
    private ConsentSystem consent;

    abstract TestDatabase database();

    /** Statements of one append of one record without evidence. */
    int statementsPerAppend() {
        return switch (tables.jdbc().dialect()) {
            case POSTGRESQL, MARIADB -> 1;
            case H2 -> 6;
        };
    }

    @BeforeEach
    void open() {
        tables = database().newStore();
        counting = new CountingDataSource(database().pool());
        JdbcConsentStore store = JdbcConsentStore.builder(counting.dataSource())
                .tablePrefix(tables.jdbc().tablePrefix())
                .build();
        // no feed following: its polls would be counted too
        consent = ConsentSystem.builder()
                .store(store)
                .feedPollInterval(Duration.ZERO)
                .build();
        Fixtures.defineStandard(consent.purposes());
    }

    @AfterEach
    void close() {
        consent.close();
        tables.close();
    }

    @Test
    void anAppendForANewSubject_isOneTransaction_withoutIsolationProbes() {
        counting.reset();
        consent.ledger().grant("alice", EMAIL, WEB);

        assertThat(counting.transactions)
                .as("transactions for one append of a new subject")
                .hasValue(1);
        assertThat(counting.isolationCalls)
                .as("isolation-level probes or settings")
                .hasValue(0);
        assertThat(counting.statements)
                .as("statements for one append of a new subject")
                .hasValue(statementsPerAppend());
    }

    @Test
    void anAppendForACachedSubject_isOneTransaction_too() {
        consent.ledger().grant("bob", EMAIL, WEB);
        assertThat(consent.enforcer().check("bob", EMAIL).allowed()).isTrue();

        counting.reset();
        consent.ledger().grant("bob", SMS, WEB);

        assertThat(counting.transactions)
                .as("transactions for one append of a known subject")
                .hasValue(1);
        assertThat(counting.isolationCalls)
                .as("isolation-level probes or settings")
                .hasValue(0);
        assertThat(counting.statements)
                .as("statements for one append of a known subject")
                .hasValue(statementsPerAppend());
        assertThat(consent.enforcer().check("bob", SMS).allowed())
                .as("read your writes")
                .isTrue();
    }

    @Test
    void subjectsWrittenElsewhere_areReadFirst_onceGuessingThemNewFails() {
        JdbcConsentStore elsewhere = JdbcConsentStore.builder(database().pool())
                .tablePrefix(tables.jdbc().tablePrefix())
                .build();
        int subjects = 40;
        try (ConsentSystem node = ConsentSystem.builder()
                .store(elsewhere)
                .feedPollInterval(Duration.ZERO)
                .build()) {
            for (int i = 0; i < subjects; i++) {
                node.ledger().grant("known-" + i, EMAIL, WEB);
            }
        }
        int guessedWrong = 0;
        int lastTransactions = 0;
        for (int i = 0; i < subjects; i++) {
            counting.reset();
            consent.ledger().grant("known-" + i, SMS, WEB);
            lastTransactions = counting.transactions.get();
            if (lastTransactions > 1) {
                guessedWrong++;
            }
        }

        // the credit starts at half its bound and each subject that was not new takes MISS_COST from it
        assertThat(guessedWrong)
                .as("appends that took a subject written elsewhere as new")
                .isEqualTo(NewSubjectGuess.BOUND / 2 / NewSubjectGuess.MISS_COST);
        assertThat(lastTransactions)
                .as("transactions once the store reads first")
                .isEqualTo(1);
        for (int i = 0; i < subjects; i++) {
            String subject = "known-" + i;
            assertThat(consent.enforcer().check(subject, EMAIL).allowed()).isTrue();
            assertThat(consent.enforcer().check(subject, SMS).allowed()).isTrue();
            assertThat(consent.ledger().history(subject))
                    .extracting(dev.consent.ConsentRecord::subjectSequence)
                    .containsExactly(1L, 2L);
        }
        assertThat(consent.ledger().verify().ok()).as("every chain intact").isTrue();
    }
}
