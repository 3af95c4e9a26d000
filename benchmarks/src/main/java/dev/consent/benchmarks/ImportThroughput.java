package dev.consent.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.imports.CsvSource;
import dev.consent.imports.ImportMapping;
import dev.consent.imports.ImportReport;
import dev.consent.imports.Importer;
import dev.consent.jdbc.JdbcConsentStore;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Legacy import throughput (gate: at least 0.5 of raw JDBC): rows per second that {@code Importer} writes into a
 * {@code JdbcConsentStore} from in-memory CSV, against a raw JDBC batch insert (one statement batch and one
 * commit per {@code batch} rows, into {@link Databases#RAW_TABLE}) of the same number of rows, on one thread.
 * Each subject has {@code perSubject} rows. Run:
 * {@code java -cp ... dev.consent.benchmarks.ImportThroughput [rows] [perSubject] [batch]} with
 * {@code -Dbenchmarks.postgres.url=...} (or h2 / mariadb as {@code -Dbenchmarks.import.database}).
 */
public final class ImportThroughput {
    private ImportThroughput() {}

    /** Runs the comparison once (after a warm-up of a tenth of the rows) and prints both figures and the ratio. */
    public static void main(String[] args) throws SQLException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int perSubject = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Databases db = Databases.of(System.getProperty("benchmarks.import.database", "postgresql"));
        String url = db.url();
        String prefix = Databases.prefix();
        try (HikariDataSource pool = Databases.pool(url, 4, true, null)) {
            Databases.createRawTable(pool, prefix);
            raw(pool, prefix, 0, rows / 10, batch);
            double rawRate = raw(pool, prefix, rows / 10, rows, batch);
            JdbcConsentStore store =
                    JdbcConsentStore.builder(pool).tablePrefix(prefix).build();
            try (ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
                consent.purposes()
                        .define(Purpose.builder("marketing.email")
                                .title("Marketing e-mail")
                                .description("News and offers by e-mail.")
                                .legalBasis(LegalBasis.CONSENT)
                                .maxAge(Duration.ofDays(395))
                                .build());
                Importer importer = Importer.builder(consent)
                        .mapping(ImportMapping.builder()
                                .map("email", "marketing.email", 1)
                                .build())
                        .batchSize(batch)
                        .build();
                importer.run(csv("warmup", rows / 10, perSubject));
                CsvSource measured = csv("measured", rows, perSubject); // the text is made before the clock starts
                long start = System.nanoTime();
                ImportReport report = importer.run(measured);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (report.recordsWritten() != rows) {
                    throw new IllegalStateException("imported " + report.recordsWritten() + " of " + rows);
                }
                double importRate = rows / seconds;
                System.out.printf(
                        Locale.ROOT,
                        "import %s: %d rows, %d per subject, batch %d: import %.0f rows/s, raw JDBC %.0f rows/s,"
                                + " ratio %.2f (gate 0.5)%n",
                        db.id(),
                        rows,
                        perSubject,
                        batch,
                        importRate,
                        rawRate,
                        importRate / rawRate);
            }
        } finally {
            Databases.dropTables(url, prefix);
        }
    }

    private static CsvSource csv(String name, int rows, int perSubject) {
        StringBuilder b = new StringBuilder(rows * 96)
                .append("user_id,purpose,granted,collected_at,ip_address," + "user_agent,policy_version,mechanism\n");
        Instant base = Instant.parse("2022-01-01T00:00:00Z");
        int subjects = Math.max(1, rows / perSubject);
        for (int i = 0; i < rows; i++) {
            b.append(name)
                    .append("-user-")
                    .append(i % subjects)
                    .append(",email,")
                    .append(i % 3 != 0)
                    .append(',')
                    .append(base.plusSeconds(i))
                    .append(",198.51.100.")
                    .append(i % 250)
                    .append(",Mozilla/5.0,v3,checkbox\n");
        }
        String text = b.toString();
        return CsvSource.of(name + ".csv", () -> new StringReader(text));
    }

    /** Inserts rows {@code from} to {@code to - 1} into the raw table; returns rows per second. */
    private static double raw(HikariDataSource pool, String prefix, int from, int to, int batch) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(String.format(Locale.ROOT, Databases.RAW_INSERT, prefix))) {
            c.setAutoCommit(false);
            for (int i = from; i < to; i++) {
                ps.setLong(1, i);
                ps.setString(2, UUID.randomUUID().toString());
                ps.setString(3, "raw-user-" + i);
                ps.setString(4, "marketing.email");
                ps.setInt(5, 1);
                ps.setString(6, "GRANTED");
                ps.setLong(7, 1_640_995_200_000L + i);
                ps.setLong(8, 1_675_000_000_000L + i);
                ps.setString(9, "import:legacy.csv");
                ps.setString(10, "IMPORT");
                ps.setString(11, "SUBJECT");
                ps.setString(12, "import-" + i);
                ps.setString(13, "0".repeat(64));
                ps.addBatch();
                if ((i - from + 1) % batch == 0 || i == to - 1) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            c.setAutoCommit(true);
        }
        return (to - from) / ((System.nanoTime() - start) / 1e9);
    }
}
