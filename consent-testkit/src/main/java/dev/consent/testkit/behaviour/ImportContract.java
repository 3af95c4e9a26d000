package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.ConsentStatus;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.imports.CsvSource;
import dev.consent.imports.ImportCheckpoint;
import dev.consent.imports.ImportMapping;
import dev.consent.imports.ImportProgress;
import dev.consent.imports.ImportReport;
import dev.consent.imports.ImportSource;
import dev.consent.imports.Importer;
import dev.consent.imports.RejectedRow;
import dev.consent.imports.SourceRow;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Legacy import ({@code dev.consent.imports.Importer}): rows of an old table of booleans become records at their
 * original times, once, with the rows it cannot take named by row and column.
 */
public abstract class ImportContract extends BehaviourContract {
    private static final String HEADER = String.join(",", ImportSource.COLUMNS) + "\r\n";
    private static final Instant T1 = Instant.parse("2023-01-10T10:00:00Z");
    private static final Instant T2 = Instant.parse("2023-06-01T08:30:00Z");
    private static final ImportMapping MAPPING =
            ImportMapping.builder().map("email", EMAIL, 1).map("sms", SMS, 1).build();

    private static CsvSource csv(String name, String body) {
        return CsvSource.of(name, () -> new StringReader(HEADER + body));
    }

    private Importer importer(ConsentSystem cs) {
        return Importer.builder(cs).mapping(MAPPING).build();
    }

    @Test
    void originalTimes_areKept_grantThenFalseIsAWithdrawal_loneFalseIsADenial() {
        // the purposes were published before the decisions were made: checkAt judges a purpose as defined then
        clock = new MutableClock(T1.minus(Duration.ofDays(30)));
        ConsentSystem cs = systemWithPurposes();
        clock.advance(Duration.between(clock.instant(), Fixtures.START));
        ImportReport report = importer(cs)
                .run(csv(
                        "legacy.csv",
                        "alice,email,true,2023-01-10T10:00:00Z,203.0.113.7,\"Mozilla/5.0 (X11, \"\"quoted\"\")\","
                                + "v7,checkbox\r\n"
                                + "bob,email,false,2023-01-10 10:00:00,,,v7,banner\r\n"
                                + "alice,email,0,2023-06-01T10:30:00+02:00,,,v8,\"banner, v2\"\r\n"));

        assertThat(report.rowsRead()).isEqualTo(3);
        assertThat(report.recordsWritten()).isEqualTo(3);
        assertThat(report.rejected()).isEmpty();
        List<ConsentRecord> alice = cs.ledger().history("alice");
        assertThat(alice)
                .extracting(ConsentRecord::recordedAt, ConsentRecord::action, ConsentRecord::noticeVersion)
                .containsExactly(tuple(T1, Action.GRANTED, "v7"), tuple(T2, Action.WITHDRAWN, "v8"));
        assertThat(alice.get(0).expiresAt()).isEqualTo(T1.plus(Fixtures.EMAIL_MAX_AGE));
        assertThat(alice).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo(Channel.IMPORT);
            assertThat(r.collectionPoint()).isEqualTo("import:legacy.csv");
        });
        Evidence first = cs.ledger().evidence("alice").get(alice.get(0).id());
        assertThat(first.ipAddress()).isEqualTo("203.0.113.7");
        assertThat(first.userAgent()).isEqualTo("Mozilla/5.0 (X11, \"quoted\")");
        assertThat(first.attributes()).containsEntry("mechanism", "checkbox");
        assertThat(cs.ledger().evidence("alice").get(alice.get(1).id()).attributes())
                .containsEntry("mechanism", "banner, v2");
        assertThat(cs.ledger().history("bob"))
                .extracting(ConsentRecord::recordedAt, ConsentRecord::action)
                .containsExactly(tuple(T1, Action.DENIED));

        Instant between = T1.plus(Duration.ofDays(1));
        assertThat(cs.enforcer().checkAt("alice", EMAIL, between).allowed()).isTrue();
        assertThat(cs.enforcer().checkAt("alice", EMAIL, T1.minusMillis(1)).allowed())
                .isFalse();
        assertThat(cs.enforcer().checkAt("alice", EMAIL, T2).allowed()).isFalse();
        assertThat(cs.ledger()
                        .stateAt("alice", between)
                        .find(EMAIL)
                        .orElseThrow()
                        .status())
                .isEqualTo(ConsentStatus.GRANTED);
        assertThat(cs.ledger().stateAt("alice", T2).find(EMAIL).orElseThrow().status())
                .isEqualTo(ConsentStatus.WITHDRAWN);
        assertThat(cs.ledger().currentState("bob").find(EMAIL).orElseThrow().status())
                .isEqualTo(ConsentStatus.DENIED);
        assertThat(cs.enforcer().check("alice", EMAIL).allowed()).isFalse();
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void aSecondImportOfTheSameRows_writesNothing() {
        ConsentSystem cs = systemWithPurposes();
        CsvSource source = csv("twice.csv", rows(0, 12));
        ImportReport first = importer(cs).run(source);
        long head = cs.ledger().headPosition();
        ImportReport second = importer(systemWithPurposes()).run(source);

        assertThat(first.recordsWritten()).isEqualTo(12);
        assertThat(second.recordsWritten()).isZero();
        assertThat(second.alreadyPresent()).isEqualTo(12);
        assertThat(second.subjects()).isEqualTo(first.subjects()).isEqualTo(4);
        assertThat(cs.ledger().headPosition()).isEqualTo(head).isEqualTo(12);
    }

    @Test
    void aRunInterruptedHalfway_thenRunAgain_writesEachRowOnce() {
        ConsentSystem cs = systemWithPurposes();
        CsvSource full = csv("crash.csv", rows(0, 10));
        Importer importer = Importer.builder(cs).mapping(MAPPING).batchSize(4).build();
        assertThatThrownBy(() -> importer.run(failingAfter(full, 6))).hasMessageContaining("source failed");
        assertThat(cs.ledger().headPosition()).isEqualTo(4);

        ImportReport again = importer.run(full);

        assertThat(again.alreadyPresent()).isEqualTo(4);
        assertThat(again.recordsWritten()).isEqualTo(6);
        assertThat(cs.ledger().headPosition()).isEqualTo(10);
        Set<String> interactions = new HashSet<>();
        for (int s = 0; s < 4; s++) {
            for (ConsentRecord r : cs.ledger().history("user-" + s)) {
                assertThat(interactions.add(r.interactionId())).isTrue();
            }
        }
        assertThat(interactions).hasSize(10);
        assertThat(cs.ledger().verify().ok()).isTrue();
    }

    @Test
    void withACheckpoint_aRerunSkipsTheBatchesDone() {
        ConsentSystem cs = systemWithPurposes();
        CsvSource full = csv("checkpoint.csv", rows(0, 10));
        Importer importer = Importer.builder(cs)
                .mapping(MAPPING)
                .batchSize(4)
                .checkpoint(ImportCheckpoint.inMemory())
                .build();
        assertThatThrownBy(() -> importer.run(failingAfter(full, 9))).hasMessageContaining("source failed");

        ImportReport again = importer.run(full);

        assertThat(again.rowsSkipped()).isEqualTo(8);
        assertThat(again.recordsWritten()).isEqualTo(2);
        assertThat(again.alreadyPresent()).isZero();
        assertThat(cs.ledger().headPosition()).isEqualTo(10);
    }

    @Test
    void rejectedRows_areNamedByRowAndColumn_andNothingIsWrittenForThem() {
        ConsentSystem cs = systemWithPurposes();
        ImportReport report = importer(cs)
                .run(csv(
                        "bad.csv",
                        "ann,newsletter,true,2023-01-10T10:00:00Z,,,,\r\n" // 1: unknown purpose
                                + "ben,email,true\r\n" // 2: missing column
                                + "cat,email,maybe,2023-01-10T10:00:00Z,,,,\r\n" // 3: bad boolean
                                + "dan,email,true,yesterday,,,,\r\n" // 4: bad time
                                + "eve,email,true,2023-06-01T08:30:00Z,,,,\r\n" // 5: fine
                                + "eve,sms,true,2023-01-10T10:00:00Z,,,,\r\n" // 6: before eve's latest
                                + "fay,email,true,2023-01-10T10:00:00Z,,,,\r\n" // 7: fine
                                + "gus,email,true,2023-01-10T10:00:00Z,,,,\"multi\r\nline\"\r\n" // 8: control
                                // characters
                                + "hal,email,true,2023-01-10T10:00:00Z,,,,\"a \"\"b\"\"\"\r\n")); // 9: fine

        assertThat(report.rejected())
                .extracting(RejectedRow::row, RejectedRow::column, RejectedRow::value)
                .containsExactly(
                        tuple(1L, ImportSource.PURPOSE, "newsletter"),
                        tuple(2L, ImportSource.COLLECTED_AT, null),
                        tuple(3L, ImportSource.GRANTED, "maybe"),
                        tuple(4L, ImportSource.COLLECTED_AT, "yesterday"),
                        tuple(6L, ImportSource.COLLECTED_AT, "2023-01-10T10:00:00Z"),
                        tuple(8L, ImportSource.MECHANISM, "multi\r\nline"));
        assertThat(report.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        assertThat(report.rejected().get(4).reason()).contains("before the subject's latest record");
        assertThat(report.rowsRejected()).isEqualTo(6);
        assertThat(report.recordsWritten()).isEqualTo(3);
        for (String subject : List.of("ann", "ben", "cat", "dan", "gus")) {
            assertThat(cs.ledger().history(subject)).as(subject).isEmpty();
        }
        assertThat(cs.ledger().history("eve"))
                .extracting(ConsentRecord::purposeId)
                .containsExactly(EMAIL);
        assertThat(cs.ledger().evidence("hal").values())
                .extracting(e -> e.attributes().get("mechanism"))
                .containsExactly("a \"b\"");
        assertThat(cs.ledger().headPosition()).isEqualTo(3);
    }

    @Test
    void theReport_reconcilesExactly_andProgressIsReported() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-0", EMAIL, WEB); // now: every row of user-0 is older than this record
        List<ImportProgress> progress = new ArrayList<>();
        Importer importer = Importer.builder(cs)
                .mapping(MAPPING)
                .batchSize(7)
                .progress(10, progress::add)
                .build();

        ImportReport report = importer.run(csv("count.csv", rows(0, 25) + "zed,unknown,true,2023-01-10T10:00:00Z\n"));

        // rows(0, 25): subjects user-0..user-3, user-0 holds rows 1, 5, 9, ... (7 rows), all rejected
        assertThat(report.rowsRead()).isEqualTo(26);
        assertThat(report.rowsRejected()).isEqualTo(8);
        assertThat(report.recordsWritten()).isEqualTo(18);
        assertThat(report.alreadyPresent()).isZero();
        assertThat(report.subjects()).isEqualTo(3);
        assertThat(report.rowsRead())
                .isEqualTo(report.rowsSkipped()
                        + report.recordsWritten()
                        + report.alreadyPresent()
                        + report.rowsRejected());
        assertThat(report.perPurpose().get("email")).isEqualTo(new ImportReport.PurposeCounts(13, 6, 0, 7));
        assertThat(report.perPurpose().get("sms")).isEqualTo(new ImportReport.PurposeCounts(12, 12, 0, 0));
        assertThat(report.perPurpose().get("unknown")).isEqualTo(new ImportReport.PurposeCounts(1, 0, 0, 1));
        assertThat(cs.ledger().headPosition()).isEqualTo(19);
        assertThat(progress).extracting(ImportProgress::rowsRead).containsExactly(10L, 20L, 26L);
        assertThat(progress.get(2)).isEqualTo(new ImportProgress(26, 18, 0, 8));
        assertThat(report.toJson()).contains("\"recordsWritten\" : 18", "\"rowsRejected\" : 8", "\"unknown\"");
        assertThat(report.toTable()).contains("records written", "18", "unknown");
    }

    @Test
    void importedEvidence_isErasable_andTheChainsStillVerify() {
        ConsentSystem cs = systemWithPurposes();
        importer(cs)
                .run(csv(
                        "evidence.csv",
                        "alice,email,true,2023-01-10T10:00:00Z,203.0.113.7,Firefox,v7,checkbox\r\n"
                                + "alice,sms,true,2023-01-11T10:00:00Z,203.0.113.8,Firefox,v7,banner\r\n"));
        assertThat(cs.ledger().evidence("alice")).hasSize(2);

        cs.ledger().erase("alice", WEB);

        assertThat(cs.ledger().evidence("alice")).isEmpty();
        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.enforcer().check("alice", EMAIL).allowed()).isFalse();
    }

    /**
     * Rows {@code from} to {@code to - 1} over four subjects {@code user-<i % 4>}, alternating purposes, grants
     * and withdrawals, one day apart, in time order.
     */
    private static String rows(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("user-")
                    .append(i % 4)
                    .append(',')
                    .append(i % 2 == 0 ? "email" : "sms")
                    .append(',')
                    .append(i % 8 < 4)
                    .append(',')
                    .append(T1.plus(Duration.ofDays(i)))
                    .append(",198.51.100.")
                    .append(i % 250)
                    .append(",Agent,v1,checkbox\r\n");
        }
        return b.toString();
    }

    /** {@code source}, failing when asked for the row after row {@code rows}. */
    private static ImportSource failingAfter(ImportSource source, int rows) {
        return new ImportSource() {
            @Override
            public String name() {
                return source.name();
            }

            @Override
            public Rows open() {
                Rows inner = source.open();
                return new Rows() {
                    private int read;

                    @Override
                    public @Nullable SourceRow next() {
                        if (read++ == rows) {
                            throw new IllegalStateException("source failed after " + rows + " rows");
                        }
                        return inner.next();
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }
        };
    }
}
