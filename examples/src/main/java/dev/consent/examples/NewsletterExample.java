package dev.consent.examples;

import dev.consent.ConsentSystem;
import dev.consent.SubjectState;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.requests.RequestStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;

/**
 * The whole consent lifecycle of a small newsletter, on the in-memory store or an H2 file, printed step by step:
 * define purposes, record sign-ups, send the newsletter only to those who agreed, honour a withdrawal
 * and an objection, show that contract processing does not depend on consent, answer "what had this
 * person agreed to at that moment, and how do we know", and verify the tamper-evident ledger.
 *
 * <p>Time comes from a {@link SettableClock} that the program moves forward between steps, so every
 * time printed is the same on every run (record ids are random and differ).
 *
 * <p>Run it from the repository root with {@code mvn -B -q -Prun-example verify -DskipTests}.
 */
public final class NewsletterExample {
    /** When the story starts: Monday 2 March 2026, 09:00 UTC. */
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    static final String NEWSLETTER = "marketing.email";
    static final String SMS = "marketing.sms";
    static final String ANALYTICS = "analytics";
    static final String BILLING = "billing";

    /** The version of the privacy notice shown next to every form in this story. */
    static final String NOTICE = "privacy-notice-2026-01";

    static final String JURISDICTION = "EU";
    static final String SIGNUP_FORM = "signup_form_v3";

    /** Everyone the newsletter job considers; dave came from an old shop system and was never asked. */
    static final List<String> MAILING_LIST = List.of("alice", "bob", "carol", "dave");

    private final PrintStream out;
    private final SettableClock clock = new SettableClock(START);
    private final Narrator narrator;
    private final @Nullable Path h2File;

    private NewsletterExample(PrintStream out, @Nullable Path h2File) {
        this.out = out;
        this.narrator = new Narrator(out, clock);
        this.h2File = h2File;
    }

    /**
     * Runs the example, printing to standard output.
     *
     * @param args none for the in-memory store, or {@code --h2 FILE} for an H2 database in {@code FILE}
     *     (created on the first run; a later run shows what the first one wrote and verifies it), or
     *     {@code --h2 FILE audit COMMAND ...} for the audit mode over that file (see {@link AuditMode})
     */
    public static void main(String[] args) {
        try {
            run(System.out, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the example on the in-memory store, printing to {@code out}. */
    public static void run(PrintStream out) {
        run(out, new String[0]);
    }

    /** Runs the example with the arguments of {@link #main(String[])}, printing to {@code out}. */
    public static void run(PrintStream out, String... args) {
        // Maven hands "-Dexample.args" over as one argument: split at spaces when it came that way
        List<String> given = args.length == 1 ? List.of(args[0].strip().split("\\s+")) : List.of(args);
        given = given.stream().filter(a -> !a.isBlank()).toList();
        Path file = null;
        if (given.size() >= 3 && given.get(0).equals("--h2") && given.get(2).equals("audit")) {
            AuditMode.run(Path.of(given.get(1)).toAbsolutePath(), given.subList(3, given.size()), out);
            out.flush();
            return;
        }
        if (given.size() == 2 && given.get(0).equals("--h2")) {
            file = Path.of(given.get(1)).toAbsolutePath();
        } else if (!given.isEmpty()) {
            throw new IllegalArgumentException(
                    "usage: NewsletterExample [--h2 FILE [audit COMMAND [ARGUMENTS] [--json]]]," + " not " + given);
        }
        new NewsletterExample(out, file).run();
        out.flush();
    }

    private void run() {
        out.println("Consent ledger and enforcer: the life of a newsletter");
        if (h2File == null) {
            out.println("All times come from a clock this program moves forward itself; the store is in memory.");
            // whoever creates the store closes it: the system leaves it open
            try (InMemoryConsentStore store = new InMemoryConsentStore();
                    ConsentSystem consent =
                            ConsentSystem.builder().store(store).clock(clock).build()) {
                new NewsletterStory(narrator).tell(consent, RequestStore.inMemory());
            }
        } else {
            out.println("All times come from a clock this program moves forward itself; the store is the H2 database");
            out.println("file " + h2File + ".mv.db (commits are written to the file before they return).");
            JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + h2File, "sa", "");
            try (JdbcConsentStore store = JdbcConsentStore.create(pool);
                    ConsentSystem consent =
                            ConsentSystem.builder().store(store).clock(clock).build()) {
                if (consent.ledger().headPosition() == 0) {
                    new NewsletterStory(narrator).tell(consent, store.requestStore());
                } else {
                    reopened(consent);
                }
            } finally {
                pool.dispose();
            }
        }
        out.println();
        out.println("Done.");
    }

    /** A later run over the same H2 file: what the first run wrote is still there, and intact. */
    private void reopened(ConsentSystem consent) {
        Instant latest = START;
        for (String subject : MAILING_LIST) {
            for (var r : consent.ledger().history(subject)) {
                latest = r.recordedAt().isAfter(latest) ? r.recordedAt() : latest;
            }
        }
        clock.set(latest);
        narrator.heading(
                "Reopen the ledger written by an earlier run",
                "The database file already holds " + consent.ledger().headPosition() + " records. This run adds none:",
                "it shows the state the earlier run left, read back from the file, and verifies every chain.");
        Table table = new Table("subject", "records", NEWSLETTER, SMS, ANALYTICS);
        for (String subject : MAILING_LIST) {
            SubjectState state = consent.ledger().currentState(subject);
            table.row(
                    subject,
                    consent.ledger().history(subject).size(),
                    status(state, NEWSLETTER),
                    status(state, SMS),
                    status(state, ANALYTICS));
        }
        table.print(out);
        new ProofSteps(narrator).verify(consent.ledger());
    }

    private static String status(SubjectState state, String purpose) {
        return state.find(purpose).map(p -> p.status().toString()).orElse("-");
    }
}
