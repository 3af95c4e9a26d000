package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.imports.ImportCheckpoint;
import dev.consent.imports.ImportMapping;
import dev.consent.imports.ImportReport;
import dev.consent.imports.ImportSource;
import dev.consent.imports.ImportSourceException;
import dev.consent.imports.Importer;
import dev.consent.imports.QuerySource;
import dev.consent.imports.RejectedRow;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The legacy import from a table of this database ({@link QuerySource}): booleans, integer flags and timestamps
 * with and without a zone read as the importer expects, columns found by label whatever their case, a second run
 * writing nothing, rejected rows named by row and column, a missing column or a failing query stopping the
 * import before it writes, and a checkpoint relying on the query's order.
 */
abstract class QuerySourceContract extends DatabaseContract {
    private static final String EMAIL = "marketing.email";
    private static final ImportMapping MAPPING =
            ImportMapping.builder().map("newsletter", EMAIL, 1).build();
    private static final LocalDateTime APRIL_1 = LocalDateTime.parse("2024-04-01T10:00:00");

    private TestStore store;
    private ConsentSystem consent;
    private String table;

    @BeforeEach
    void createTheLegacyTable() {
        store = newStore();
        consent = system(store);
        consent.purposes()
                .define(Purpose.builder(EMAIL)
                        .title("Newsletter")
                        .description("News by e-mail.")
                        .legalBasis(LegalBasis.CONSENT)
                        .build());
        clock.advance(Duration.ofDays(120)); // July 2024: the legacy rows are in the past
        table = store.jdbc().tablePrefix() + "legacy";
        Dialect dialect = store.jdbc().dialect();
        String local = dialect == Dialect.MARIADB ? "DATETIME(3)" : "TIMESTAMP";
        String zoned = dialect == Dialect.MARIADB ? "VARCHAR(40)" : "TIMESTAMP WITH TIME ZONE"; // unused on MariaDB
        sql().useHandle(h -> {
            h.execute("DROP TABLE IF EXISTS " + table);
            h.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, customer_id VARCHAR(64),"
                    + " consent_name VARCHAR(64), opted_in BOOLEAN, flag INTEGER, changed_at " + local + ","
                    + " changed_at_tz " + zoned + ", ip VARCHAR(64), policy VARCHAR(16))");
        });
        closeAfter((AutoCloseable) () -> sql().useHandle(h -> h.execute("DROP TABLE " + table)));
    }

    /** Whether the database has a timestamp type with a zone (MariaDB has none). */
    private boolean hasZonedTimestamps() {
        return store.jdbc().dialect() != Dialect.MARIADB;
    }

    private void row(
            int id,
            String customer,
            String name,
            @Nullable Boolean optedIn,
            @Nullable LocalDateTime changedAt,
            @Nullable OffsetDateTime changedAtTz,
            @Nullable String ip) {
        boolean zones = hasZonedTimestamps();
        sql().useHandle(h -> {
            Update insert = h.createUpdate("INSERT INTO " + table
                            + " (id, customer_id, consent_name, opted_in, flag, changed_at, ip, policy"
                            + (zones ? ", changed_at_tz" : "") + ") VALUES (:id, :customer, :name, :optedIn, :flag,"
                            + " :changedAt, :ip, 'pp-7'" + (zones ? ", :changedAtTz" : "") + ")")
                    .bind("id", id)
                    .bind("customer", customer)
                    .bind("name", name)
                    .bindByType("optedIn", optedIn, Boolean.class)
                    .bindByType("flag", optedIn == null ? null : optedIn ? 1 : 0, Integer.class)
                    .bindByType("changedAt", changedAt, LocalDateTime.class)
                    .bindByType("ip", ip, String.class);
            if (zones) {
                insert.bindByType("changedAtTz", changedAtTz, OffsetDateTime.class);
            }
            insert.execute();
        });
    }

    private QuerySource legacy(String name, String sql) {
        return QuerySource.of(name, database().pool(), sql)
                .withColumn(ImportSource.USER_ID, "Customer_ID")
                .withColumn(ImportSource.PURPOSE, "CONSENT_NAME")
                .withColumn(ImportSource.GRANTED, "opted_in")
                .withColumn(ImportSource.COLLECTED_AT, "changed_at")
                .withColumn(ImportSource.IP_ADDRESS, "ip")
                .withColumn(ImportSource.POLICY_VERSION, "policy");
    }

    private QuerySource everyRow() {
        return legacy("crm.consents", "SELECT * FROM " + table + " ORDER BY id");
    }

    private ImportReport run(ImportSource source) {
        return Importer.builder(consent).mapping(MAPPING).batchSize(2).build().run(source);
    }

    private void sixRows() {
        row(1, "alice", "newsletter", true, APRIL_1, null, "203.0.113.7");
        row(2, "bob", "newsletter", false, APRIL_1.plusHours(1), null, null);
        row(3, "alice", "newsletter", false, APRIL_1.plusMonths(1), null, null);
        row(4, "carol", "fax", true, APRIL_1, null, null);
        row(5, "dave", "newsletter", null, APRIL_1, null, null);
        row(6, "erin", "newsletter", true, null, null, null);
    }

    @Test
    void aLegacyTable_isImportedOnce_withItsTimesAndEvidence_andItsBadRowsNamed() {
        sixRows();

        ImportReport first = run(everyRow());

        assertThat(first.rowsRead()).isEqualTo(6);
        assertThat(first.recordsWritten()).isEqualTo(3);
        assertThat(first.subjects()).isEqualTo(2);
        assertThat(first.rejected())
                .extracting(RejectedRow::row, RejectedRow::column, RejectedRow::value)
                .containsExactly(
                        tuple(4L, ImportSource.PURPOSE, "fax"),
                        tuple(5L, ImportSource.GRANTED, null),
                        tuple(6L, ImportSource.COLLECTED_AT, null));
        Instant granted = APRIL_1.toInstant(ZoneOffset.UTC);
        assertThat(consent.ledger().history("alice"))
                .extracting(ConsentRecord::recordedAt, ConsentRecord::action, ConsentRecord::noticeVersion)
                .containsExactly(
                        tuple(granted, Action.GRANTED, "pp-7"),
                        tuple(APRIL_1.plusMonths(1).toInstant(ZoneOffset.UTC), Action.WITHDRAWN, "pp-7"));
        ConsentRecord grant = consent.ledger().history("alice").get(0);
        assertThat(grant.collectionPoint()).isEqualTo("import:crm.consents");
        assertThat(consent.ledger().evidence("alice").get(grant.id()).ipAddress())
                .isEqualTo("203.0.113.7");
        assertThat(consent.ledger().history("bob"))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.DENIED);
        long head = consent.ledger().headPosition();

        ImportReport second = run(everyRow());

        assertThat(second.recordsWritten()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(3);
        assertThat(second.rejected()).hasSize(3);
        assertThat(consent.ledger().headPosition()).isEqualTo(head).isEqualTo(3);
        assertThat(consent.ledger().verify().ok()).isTrue();
    }

    @Test
    void integerFlags_localTimesInTheImportZone_andZonedTimesAsTheirInstant() {
        OffsetDateTime zoned = OffsetDateTime.parse("2024-04-03T08:00:00.123+05:00");
        row(1, "frank", "newsletter", true, APRIL_1, zoned, null);
        ZoneId paris = ZoneId.of("Europe/Paris");

        Importer inParis =
                Importer.builder(consent).mapping(MAPPING).zone(paris).build();
        inParis.run(QuerySource.of(
                "local",
                database().pool(),
                "SELECT customer_id AS user_id, consent_name AS purpose, flag AS granted, changed_at AS collected_at"
                        + " FROM " + table));

        assertThat(consent.ledger().history("frank"))
                .extracting(ConsentRecord::recordedAt, ConsentRecord::action)
                .containsExactly(tuple(APRIL_1.atZone(paris).toInstant(), Action.GRANTED));
        assumeThat(hasZonedTimestamps())
                .as("%s has no timestamp type with a zone", database().name())
                .isTrue();
        inParis.run(QuerySource.of(
                "zoned",
                database().pool(),
                "SELECT customer_id AS user_id, consent_name AS purpose, opted_in AS granted,"
                        + " changed_at_tz AS collected_at FROM " + table));
        assertThat(consent.ledger().history("frank"))
                .extracting(ConsentRecord::recordedAt)
                .last()
                .isEqualTo(zoned.toInstant());
    }

    @Test
    void aMissingRequiredColumn_stopsTheImportBeforeItWrites_namingTheColumn() {
        sixRows();

        assertThatThrownBy(() -> run(QuerySource.of(
                        "no-time",
                        database().pool(),
                        "SELECT customer_id AS user_id, consent_name AS purpose," + " opted_in AS granted FROM "
                                + table)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no column collected_at (for collected_at)");
        assertThatThrownBy(() ->
                        run(legacy("renamed", "SELECT id, customer_id, consent_name, flag, changed_at FROM " + table)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no column opted_in (for granted)");
        assertThat(consent.ledger().headPosition()).isZero();
    }

    @Test
    void aFailingQuery_isAnImportSourceException_namingTheSource_andWritesNothing() {
        assertThatThrownBy(() -> run(QuerySource.of(
                        "missing", database().pool(), "SELECT * FROM " + table + "_not_there ORDER BY id")))
                .isInstanceOf(ImportSourceException.class)
                .hasMessageContaining("import source missing")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(consent.ledger().headPosition()).isZero();
    }

    @Test
    void aCheckpoint_skipsTheRowsDone_inTheQuerysOrder() {
        sixRows();
        ImportCheckpoint checkpoint = ImportCheckpoint.inMemory();
        Importer importer = Importer.builder(consent)
                .mapping(MAPPING)
                .batchSize(2)
                .checkpoint(checkpoint)
                .build();
        importer.run(everyRow());
        assertThat(checkpoint.rowsDone("crm.consents")).isEqualTo(6);
        row(7, "bob", "newsletter", true, APRIL_1.plusMonths(2), null, null);

        ImportReport again = importer.run(everyRow());

        assertThat(again.rowsSkipped()).isEqualTo(6);
        assertThat(again.recordsWritten()).isEqualTo(1);
        assertThat(again.rejected()).isEmpty();
        assertThat(consent.ledger().history("bob"))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.DENIED, Action.GRANTED);
    }
}
