package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code java -jar consent-cli.jar --url} over a PostgreSQL server, when {@code -Dconsent.test.postgres.url}
 * names one (.ci/run does): a ledger under a table prefix of its own, written here, read by the jar.
 */
@EnabledIfSystemProperty(named = "consent.test.postgres.url", matches = ".+")
class CliOnPostgresIT {
    static final String URL = System.getProperty("consent.test.postgres.url", "");
    static final String PREFIX =
            "cli" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    @BeforeAll
    static void writeALedger() {
        try (JdbcConsentStore store = JdbcConsentStore.builder(Jdbi.create(URL))
                        .tablePrefix(PREFIX)
                        .build();
                ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
            consent.purposes()
                    .define(Purpose.builder("marketing.email")
                            .title("Marketing e-mail")
                            .description("News and offers by e-mail.")
                            .legalBasis(LegalBasis.CONSENT)
                            .build());
            CollectionContext web = CollectionContext.of(Channel.WEB, "signup_form");
            consent.ledger().grant("user-1", "marketing.email", web);
            consent.ledger().grant("user-2", "marketing.email", web);
            consent.ledger().withdraw("user-2", "marketing.email", web);
        }
    }

    /** Drops the tables of this run's prefix, so a shared test database is left as it was. */
    @AfterAll
    static void dropTheLedger() {
        Jdbi.create(URL).useHandle(h -> {
            for (String table : h.createQuery("SELECT table_name FROM information_schema.tables"
                            + " WHERE table_schema = current_schema() AND table_name LIKE :prefix")
                    .bind("prefix", PREFIX.replace("_", "\\_") + "%")
                    .mapTo(String.class)
                    .list()) {
                h.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        });
    }

    @Test
    void verifyStateAndReport_overTheUrl() throws Exception {
        CliProcess verify = CliProcess.run("--url", URL, "--prefix", PREFIX, "--json", "verify");
        assertThat(verify.exit()).as(verify.toString()).isZero();
        JsonNode v = new ObjectMapper().readTree(verify.out());
        assertThat(v.get("subjects").asLong()).isEqualTo(2);
        assertThat(v.get("records").asLong()).isEqualTo(3);

        CliProcess state = CliProcess.run("--url", URL, "--prefix", PREFIX, "state", "user-2", "2100-01-01");
        assertThat(state.exit()).as(state.toString()).isZero();
        assertThat(state.out()).containsPattern("marketing.email +v1 +WITHDRAWN +no");

        CliProcess report = CliProcess.run("--url", URL, "--prefix", PREFIX, "report", "2000-01-01", "2100-01-01");
        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out()).containsPattern("marketing.email +1 +CONSENT +2 +0 +1");
    }

    @Test
    void aPrefixWithNoLedger_exitsThree_namingThePrefix() {
        CliProcess p = CliProcess.run("--url", URL, "--prefix", "nothing_here_", "verify");

        assertThat(p.exit()).as(p.toString()).isEqualTo(Exit.DATABASE);
        assertThat(p.err()).contains("--prefix", "nothing_here_");
    }
}
