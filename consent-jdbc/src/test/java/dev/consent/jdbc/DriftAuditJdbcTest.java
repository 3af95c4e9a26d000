package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.audit.DriftAudit;
import dev.consent.audit.DriftReport;
import dev.consent.audit.DriftViolation;
import dev.consent.audit.EventLogException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drift audit over a processing log kept in a database table (H2): by a query on a data source, and over a
 * result set, with {@code at} as a timestamp or as epoch milliseconds; the ledger in the same database, its
 * deciding records read back by id.
 */
class DriftAuditJdbcTest {
    private static final String EMAIL = "marketing.email";
    private static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "signup_form_v3");

    private final JdbcDataSource ds = new JdbcDataSource();
    private ConsentSystem consent;
    private final List<DriftViolation> violations = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        ds.setURL("jdbc:h2:mem:drift" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        consent = ConsentSystem.builder()
                .store(JdbcConsentStore.create(ds))
                .feedPollInterval(Duration.ZERO)
                .build();
        consent.purposes()
                .define(Purpose.builder(EMAIL)
                        .title("E-mail")
                        .description("News by e-mail.")
                        .legalBasis(LegalBasis.CONSENT)
                        .build());
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE processing_log (\"subject\" VARCHAR(255), \"purpose\" VARCHAR(100),"
                    + " \"at\" TIMESTAMP WITH TIME ZONE, \"at_ms\" BIGINT, \"system\" VARCHAR(255))");
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        consent.close();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private void log(String subject, Instant at, String system) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement p = c.prepareStatement("INSERT INTO processing_log VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, subject);
            p.setString(2, EMAIL);
            p.setObject(3, at.atOffset(java.time.ZoneOffset.UTC));
            p.setLong(4, at.toEpochMilli());
            p.setString(5, system);
            p.executeUpdate();
        }
    }

    @Test
    void aQueryOnADataSource_isAudited_withTheDecidingRecordsReadableById() throws Exception {
        consent.ledger().grant("alice", EMAIL, WEB);
        Instant granted = Instant.now();
        Thread.sleep(5);
        UUID withdrawal =
                consent.ledger().withdraw("alice", EMAIL, WEB).records().get(0).id();
        Instant withdrawn = Instant.now().plusMillis(5);
        log("alice", granted, "mailer");
        log("bob", withdrawn, "mailer");
        log("alice", withdrawn, "crm");

        DriftReport r = DriftAudit.of(consent)
                .run(
                        ds,
                        "SELECT \"subject\", \"purpose\", \"at\", \"system\" FROM processing_log ORDER BY \"subject\"",
                        violations::add);

        assertThat(r.eventsRead()).isEqualTo(3);
        assertThat(r.historyReads()).isEqualTo(2);
        assertThat(violations)
                .extracting(DriftViolation::reason)
                .containsExactly(DecisionReason.CONSENT_WITHDRAWN, DecisionReason.NO_CONSENT);
        assertThat(violations.get(0).recordId()).isEqualTo(withdrawal);
        assertThat(consent.ledger().findRecord(withdrawal))
                .hasValueSatisfying(rec -> assertThat(rec.subject()).isEqualTo("alice"));
    }

    @Test
    void aPooledConnection_goesBackWithTheAutoCommitAndReadOnlySettingsItCameWith() throws Exception {
        log("bob", Instant.now(), "mailer");
        try (Connection shared = ds.getConnection()) {
            // a pool that hands out one connection and resets nothing when it comes back
            Connection kept = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(shared, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            javax.sql.DataSource pool = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getConnection")) {
                            return kept;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });

            DriftReport r = DriftAudit.of(consent)
                    .run(pool, "SELECT \"subject\", \"purpose\", \"at\", \"system\" FROM processing_log", v -> {});

            assertThat(r.eventsRead()).isEqualTo(1);
            assertThat(shared.getAutoCommit()).isTrue();
            assertThat(shared.isReadOnly()).isFalse();
        }
    }

    @Test
    void aResultSet_withEpochMilliseconds_isAudited_andABadRowIsNamed() throws Exception {
        Instant now = Instant.now();
        log("alice", now, "mailer");
        log("bob", now, null);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT \"subject\", \"purpose\", \"at_ms\" AS \"at\", \"system\""
                    + " FROM processing_log WHERE \"system\" IS NOT NULL")) {
                DriftReport r = DriftAudit.of(consent).run(rows, violations::add);
                assertThat(r.eventsRead()).isEqualTo(1);
                assertThat(violations)
                        .singleElement()
                        .satisfies(v -> assertThat(v.event().at()).isEqualTo(Instant.ofEpochMilli(now.toEpochMilli())));
            }
            try (ResultSet rows = s.executeQuery("SELECT * FROM processing_log ORDER BY \"subject\"")) {
                assertThatThrownBy(() -> DriftAudit.of(consent).run(rows, v -> {}))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("row 2, column system");
            }
        }
        assertThatThrownBy(() -> DriftAudit.of(consent).run(ds, "SELECT nothing FROM nowhere", v -> {}))
                .isInstanceOf(EventLogException.class)
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void aTimestampColumn_givesTheSameInstant() throws Exception {
        Instant at = Instant.parse("2026-03-03T14:14:00.123Z");
        log("alice", at, "mailer");
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT \"subject\", \"purpose\", CAST(\"at\" AS TIMESTAMP) AS \"at\","
                        + " \"system\" FROM processing_log")) {
            DriftAudit.of(consent).run(rows, violations::add);
        }
        assertThat(violations)
                .singleElement()
                .satisfies(v -> assertThat(v.event().at())
                        .isEqualTo(Timestamp.valueOf(
                                        at.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime())
                                .toInstant()));
    }
}
