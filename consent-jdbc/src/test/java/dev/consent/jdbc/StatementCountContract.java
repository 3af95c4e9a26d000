package dev.consent.jdbc;

import static dev.consent.behaviour.Fixtures.EMAIL;
import static dev.consent.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.behaviour.Fixtures;
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
        JdbcConsentStore counted = JdbcConsentStore.builder(jdbi).tablePrefix(tables.jdbc().tablePrefix()).build();
        // no feed following: its polls would be counted too
        consent = ConsentSystem.builder().store(counted).feedPollInterval(Duration.ZERO).build();
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
        List<String> subjects = IntStream.range(0, 2_500).mapToObj(i -> "user-" + i).toList();
        consent.ledger().grant("user-7", EMAIL, WEB);
        consent.ledger().grant("user-2499", EMAIL, WEB);

        statements.set(0);
        List<String> allowed = consent.enforcer().allowed(subjects, EMAIL);

        assertThat(allowed).containsExactly("user-7", "user-2499");
        assertThat(statements).as("statements for a bulk check of 2,500 subjects").hasValue(3);
    }
}
