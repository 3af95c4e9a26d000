package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.VerificationReport;
import dev.consent.testkit.reliability.Figures;
import dev.consent.testkit.reliability.Reliability;
import dev.consent.testkit.reliability.ReliabilityContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability 3, crashes: a writer in a child JVM ({@link CrashChild}) is killed with SIGKILL at a random
 * moment, {@value #KILLS} times per run at scale 1, each time a new child continuing the same ledger. After
 * each kill, every write the child had acknowledged is in the ledger with all its records, no interaction is
 * half-written (its records are all there or none), and {@code verify()} is clean. On H2 the database is a file
 * of its own (one process opens it at a time); on a server, the tables of this test.
 */
@Tag(ReliabilityContract.TAG)
abstract class CrashContract extends DatabaseContract {
    static final int KILLS = 20;
    /** The longest a child writes before it is killed. */
    static final Duration MAX_LIFE = Duration.ofMillis(600);

    @TempDir
    Path dir;

    @Test
    void writerKilledAtRandomMoments_everyAcknowledgedWriteSurvives_noneIsHalfWritten_andTheLedgerVerifies()
            throws Exception {
        assumeFalse(database().standsInForANamedServer(), "runs on the PostgreSQL server named instead");
        boolean h2 = database().name().startsWith("H2");
        assumeTrue(
                h2 ? database().name().contains("file") : database().reachableFromOtherProcesses(),
                "a crash needs a database that outlives the process: an H2 file or a server");
        String url;
        String prefix;
        if (h2) {
            url = "jdbc:h2:file:" + dir.resolve("crash").toAbsolutePath();
            prefix = "crash_";
        } else {
            TestStore tables = newStore();
            url = database().jdbcUrl();
            prefix = tables.jdbc().tablePrefix();
        }
        Path journal = dir.resolve("journal");
        int kills = Reliability.scaled(KILLS);
        SplittableRandom random = new SplittableRandom(7);
        long acknowledged = 0;
        long missing = 0;
        long partial = 0;
        long inFlight = 0;
        long records = 0;
        long problems = 0;

        for (int run = 0; run < kills; run++) {
            Process child = ChildJvm.start(CrashChild.class, url, prefix, journal.toString(), Integer.toString(run));
            try {
                ChildJvm.awaitReady(child);
                Thread.sleep(50 + random.nextLong(MAX_LIFE.toMillis()));
            } finally {
                ChildJvm.kill(child);
            }

            Map<String, Journal> entries = read(journal);
            HikariDataSource pool = pool(url);
            try (ConsentSystem consent = ConsentSystem.builder()
                    .store(JdbcConsentStore.builder(pool)
                            .tablePrefix(prefix)
                            .schemaMode(SchemaMode.VALIDATE)
                            .build())
                    .feedPollInterval(Duration.ZERO)
                    .build()) {
                Map<String, List<ConsentRecord>> histories = new HashMap<>();
                acknowledged = 0;
                inFlight = 0;
                for (Journal j : entries.values()) {
                    long stored = histories.computeIfAbsent(j.subject, consent.ledger()::history).stream()
                            .filter(r -> r.interactionId().equals(j.interaction))
                            .count();
                    if (j.acknowledged) {
                        acknowledged++;
                        if (stored == 0) {
                            missing++;
                        }
                    } else {
                        inFlight++;
                    }
                    if (stored != 0 && stored != j.decisions) {
                        partial++;
                    }
                }
                VerificationReport report = consent.ledger().verify();
                problems += report.problems().size();
                report.problems().forEach(p -> System.out.println("  after kill: " + p));
                records = report.records();
            } finally {
                pool.close();
            }
            assertThat(missing)
                    .as("acknowledged writes missing after kill %d", run + 1)
                    .isZero();
            assertThat(partial)
                    .as("interactions half-written after kill %d", run + 1)
                    .isZero();
            assertThat(problems).as("verify() problems after kill %d", run + 1).isZero();
        }

        new Figures(database().name(), "crash")
                .parameter("kills", kills)
                .parameter("writer threads", CrashChild.WRITERS)
                .parameter("life before the kill", "50 to " + (50 + MAX_LIFE.toMillis()) + " ms")
                .count("acknowledged", acknowledged)
                .count("in flight at a kill", inFlight)
                .count("records", records)
                .count("missing", missing)
                .count("partial", partial)
                .count("verify problems", problems)
                .write();
        assertThat(acknowledged).as("writes acknowledged over all runs").isGreaterThan(kills);
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    /** One interaction of the journal: begun, and perhaps acknowledged. */
    private static final class Journal {
        final String subject;
        final String interaction;
        final int decisions;
        boolean acknowledged;

        Journal(String subject, String interaction, int decisions) {
            this.subject = subject;
            this.interaction = interaction;
            this.decisions = decisions;
        }
    }

    /** The journal's complete lines (a line cut by the kill is ignored), by interaction. */
    private static Map<String, Journal> read(Path journal) throws java.io.IOException {
        Map<String, Journal> out = new HashMap<>();
        if (!Files.exists(journal)) {
            return out;
        }
        String text = Files.readString(journal, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).lines().collect(Collectors.toList())) {
            String[] f = line.split(" ");
            Journal j = out.computeIfAbsent(f[2], k -> new Journal(f[1], f[2], Integer.parseInt(f[3])));
            if (f[0].equals("ack")) {
                j.acknowledged = true;
            }
        }
        return out;
    }
}
