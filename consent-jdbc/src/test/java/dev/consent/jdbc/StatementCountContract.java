package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.testkit.behaviour.Fixtures;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How many statements the enforcer's store reads cost, counted with Jdbi's statement logger: a cold check is
 * one statement, a bulk check one statement per 1,000 subjects, a cached check none.
 */
abstract class StatementCountContract {
    private final AtomicInteger statements = new AtomicInteger();
    private TestStore tables;
    private ConsentSystem consent;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        tables = database().newStore();
        Jdbi jdbi = Jdbi.create(database().pool());
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.incrementAndGet();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                statements.incrementAndGet();
            }
        });
        JdbcConsentStore counted = JdbcConsentStore.builder(jdbi)
                .tablePrefix(tables.jdbc().tablePrefix())
                .build();
        // no feed following: its polls would be counted too
        consent = ConsentSystem.builder()
                .store(counted)
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
    void coldCheck_isOneStatement_andACachedCheckNone() {
        consent.ledger().grant("alice", EMAIL, WEB);
        consent.invalidate("alice");

        statements.set(0);
        assertThat(consent.enforcer().check("alice", EMAIL).reason()).isEqualTo(DecisionReason.CONSENT_GRANTED);
        assertThat(statements).as("statements for a cold check").hasValue(1);

        statements.set(0);
        for (int i = 0; i < 100; i++) {
            consent.enforcer().require("alice", EMAIL);
        }
        assertThat(statements).as("statements for 100 cached checks").hasValue(0);
    }

    @Test
    void bulkCheck_isOneStatementPerThousandSubjects() {
        List<String> subjects =
                IntStream.range(0, 2_500).mapToObj(i -> "user-" + i).toList();
        consent.ledger().grant("user-7", EMAIL, WEB);
        consent.ledger().grant("user-2499", EMAIL, WEB);

        statements.set(0);
        List<String> allowed = consent.enforcer().filterAllowed(subjects, EMAIL);

        assertThat(allowed).containsExactly("user-7", "user-2499");
        assertThat(statements)
                .as("statements for a bulk check of 2,500 subjects")
                .hasValue(3);
    }

    @Test
    void transparencyReport_isThreeStatements_howeverManyRecords() {
        java.time.Instant from =
                java.time.Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (int i = 0; i < 40; i++) {
            consent.ledger().grant("user-" + i, EMAIL, WEB);
        }
        statements.set(0);
        dev.consent.TransparencyReport small = consent.reports().transparency(from, from.plusSeconds(7200));
        assertThat(statements).as("statements for a report over 40 records").hasValue(3);

        for (int i = 0; i < 400; i++) {
            consent.ledger().grant("other-" + i, EMAIL, WEB);
            if (i % 4 == 0) {
                consent.ledger().withdraw("other-" + i, EMAIL, WEB);
            }
        }
        statements.set(0);
        dev.consent.TransparencyReport large = consent.reports().transparency(from, from.plusSeconds(7200));

        assertThat(statements)
                .as("statements for a report over 540 records: the counts, the purposes and the registry events")
                .hasValue(3);
        assertThat(small.find(EMAIL).orElseThrow().grants()).isEqualTo(40);
        assertThat(large.find(EMAIL).orElseThrow().grants()).isEqualTo(440);
        assertThat(large.find(EMAIL).orElseThrow().withdrawals()).isEqualTo(100);
        assertThat(large.find(EMAIL).orElseThrow().activeAtEnd()).isEqualTo(340);
    }

    @Test
    void tombstones_areOneStatementPerPage() {
        for (int i = 0; i < 5; i++) {
            consent.ledger().erase("user-" + i, WEB);
        }
        statements.set(0);
        assertThat(consent.ledger().tombstones()).hasSize(5);
        assertThat(statements).as("statements for a list of 5 tombstones").hasValue(1);
    }
}
