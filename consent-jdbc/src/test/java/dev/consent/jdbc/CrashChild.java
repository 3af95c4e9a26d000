package dev.consent.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.PurposeConflictException;
import dev.consent.testkit.behaviour.Fixtures;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A writer in a process of its own, for {@link CrashContract} to kill with SIGKILL: arguments JDBC URL, table
 * prefix, journal file, run number. Writers on {@value #WRITERS} threads record interactions of one to three
 * decisions; before each it appends {@code begin <subject> <interaction> <decisions>} to the journal and after
 * the ledger acknowledged it {@code ack <subject> <interaction> <decisions>}, each line in one write. Prints
 * {@code ready} once it writes, and runs until killed.
 */
final class CrashChild {
    static final int WRITERS = 4;
    static final int SUBJECTS = 40;

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(WRITERS);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcConsentStore store =
                JdbcConsentStore.builder(pool).tablePrefix(args[1]).build();
        ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .feedPollInterval(Duration.ZERO)
                .conflictRetries(1000)
                .build();
        try {
            Fixtures.defineStandard(consent.purposes());
        } catch (PurposeConflictException e) {
            // defined by an earlier run: the same definitions
        }
        FileOutputStream journal = new FileOutputStream(args[2], true);
        String run = args[3];
        System.out.println("ready");
        System.out.flush();
        Thread[] writers = new Thread[WRITERS];
        for (int t = 0; t < WRITERS; t++) {
            int thread = t;
            writers[t] = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(Long.parseLong(run) * 31 + thread);
                for (int i = 0; ; i++) {
                    String subject = "crash-" + random.nextInt(SUBJECTS);
                    String id = "r" + run + "-t" + thread + "-" + i;
                    Interaction.Builder b =
                            Interaction.builder(subject).interactionId(id).context(Fixtures.WEB);
                    int decisions = 1 + random.nextInt(3);
                    b.grant(Fixtures.EMAIL);
                    if (decisions > 1) {
                        b.withdraw(Fixtures.SMS);
                    }
                    if (decisions > 2) {
                        b.object(Fixtures.ANALYTICS);
                    }
                    write(journal, "begin " + subject + " " + id + " " + decisions + "\n");
                    consent.ledger().record(b.build());
                    write(journal, "ack " + subject + " " + id + " " + decisions + "\n");
                }
            });
            writers[t].start();
        }
        for (Thread w : writers) {
            w.join();
        }
    }

    private static void write(FileOutputStream journal, String line) {
        try {
            synchronized (journal) {
                journal.write(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
