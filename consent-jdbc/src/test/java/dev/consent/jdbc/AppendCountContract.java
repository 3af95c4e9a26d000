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
 * subject this system has never seen (nothing cached) and for one it has, no isolation-level probe, and a fixed
 * number of statements: the head lock (and on H2 its re-read), the state read, one insert each for the
 * interaction, the record and the current state, and the head move.
 */
abstract class AppendCountContract {
    private TestStore tables;
    private CountingDataSource counting;
    private ConsentSystem consent;

    abstract TestDatabase database();

    /** Statements of one append of one record without evidence. */
    int statementsPerAppend() {
        return tables.jdbc().dialect() == Dialect.H2 ? 7 : 6;
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
}
