package dev.consent.examples;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.Enforcer;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.LegalBasis;
import dev.consent.ProcessingDeniedException;
import dev.consent.Purpose;
import dev.consent.PurposeRegistry;
import dev.consent.PurposeState;
import dev.consent.SubjectState;
import dev.consent.Tombstone;
import dev.consent.VerificationReport;
import dev.consent.WriteResult;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.memory.InMemoryConsentStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    private final @Nullable Path h2File;
    private int step;

    private NewsletterExample(PrintStream out, @Nullable Path h2File) {
        this.out = out;
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
            throw new IllegalArgumentException("usage: NewsletterExample [--h2 FILE [audit COMMAND [ARGUMENTS] [--json]]],"
                    + " not " + given);
        }
        new NewsletterExample(out, file).run();
        out.flush();
    }

    private void run() {
        out.println("Consent ledger and enforcer: the life of a newsletter");
        if (h2File == null) {
            out.println("All times come from a clock this program moves forward itself; the store is in memory.");
            try (ConsentSystem consent = ConsentSystem.builder().store(new InMemoryConsentStore()).clock(clock).build()) {
                story(consent);
            }
        } else {
            out.println("All times come from a clock this program moves forward itself; the store is the H2 database");
            out.println("file " + h2File + ".mv.db (commits are written to the file before they return).");
            JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + h2File, "sa", "");
            try (ConsentSystem consent = ConsentSystem.builder().store(JdbcConsentStore.create(pool)).clock(clock)
                    .build()) {
                if (consent.ledger().headPosition() == 0) {
                    story(consent);
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
        heading("Reopen the ledger written by an earlier run",
                "The database file already holds " + consent.ledger().headPosition() + " records. This run adds none:",
                "it shows the state the earlier run left, read back from the file, and verifies every chain.");
        Table table = new Table("subject", "records", NEWSLETTER, SMS, ANALYTICS);
        for (String subject : MAILING_LIST) {
            SubjectState state = consent.ledger().currentState(subject);
            table.row(subject, consent.ledger().history(subject).size(), status(state, NEWSLETTER),
                    status(state, SMS), status(state, ANALYTICS));
        }
        table.print(out);
        verify(consent.ledger());
    }

    private static String status(SubjectState state, String purpose) {
        return state.find(purpose).map(p -> p.status().toString()).orElse("-");
    }

    private void story(ConsentSystem consent) {
        definePurposes(consent.purposes());
        UUID aliceSignup = signUps(consent.ledger());
        firstNewsletter(consent.enforcer());
        withdrawal(consent.ledger(), consent.enforcer());
        objection(consent.ledger(), consent.enforcer());
        billing(consent.enforcer());
        pastState(consent.ledger(), aliceSignup);
        erasure(consent.ledger(), consent.enforcer());
        verify(consent.ledger());
    }

    // ---------------------------------------------------------------- step 1

    private void definePurposes(PurposeRegistry purposes) {
        heading("Define the purposes",
                "A purpose says what data is used for, the text people are shown, and the legal basis.",
                "Only CONSENT and LEGITIMATE_INTEREST purposes depend on what a person decides.");
        purposes.define(Purpose.builder(NEWSLETTER)
                .title("Newsletter by e-mail")
                .description("Our monthly newsletter with news and offers, by e-mail. Unsubscribe at any time.")
                .legalBasis(LegalBasis.CONSENT)
                .maxAge(Duration.ofDays(395)) // about 13 months: then we must ask again
                .recipients(List.of("newsletter-provider"))
                .build());
        purposes.define(Purpose.builder(SMS)
                .title("Offers by text message")
                .description("Occasional offers sent to your mobile phone. You can stop them at any time.")
                .legalBasis(LegalBasis.CONSENT)
                .maxAge(Duration.ofDays(395))
                .recipients(List.of("sms-gateway"))
                .build());
        purposes.define(Purpose.builder(ANALYTICS)
                .title("Product analytics")
                .description("We measure how our site is used, to improve it. You can object at any time.")
                .legalBasis(LegalBasis.LEGITIMATE_INTEREST)
                .build());
        purposes.define(Purpose.builder(BILLING)
                .title("Billing")
                .description("We use your address and payment details to bill the subscription you ordered.")
                .legalBasis(LegalBasis.CONTRACT)
                .recipients(List.of("payment-processor"))
                .build());

        Table table = new Table("purpose", "version", "legal basis", "consent lasts", "recipients", "title");
        for (Purpose p : purposes.current()) {
            table.row(p.id(), "v" + p.version(), p.legalBasis(), Format.days(p.maxAge().orElse(null)),
                    Format.list(p.recipients()), p.title());
        }
        table.print(out);
        out.println();
        out.println("  Registry fingerprint: " + purposes.fingerprint());
        out.println("  (a hash of the current definitions: services that see the same value agree on them)");
    }

    // ---------------------------------------------------------------- step 2

    /** Records the three sign-ups; returns the id of alice's newsletter grant. */
    private UUID signUps(ConsentLedger ledger) {
        clock.set(Instant.parse("2026-03-02T09:05:00Z"));
        heading("Record sign-up choices",
                "The sign-up form " + SIGNUP_FORM + " asks two questions. Each submission is one interaction:",
                "its decisions are appended together (all or none) and share the interaction id. The IP",
                "address and user agent are kept apart from the records, so they can be erased later.");
        Table table = new Table("subject", "time", "interaction", NEWSLETTER, SMS, "ledger positions");

        WriteResult alice = signUp(ledger, "alice", "signup-1001", true, false,
                "203.0.113.10", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:136.0) Gecko/20100101 Firefox/136.0");
        table.row(alice.subject(), Format.time(clock.instant()), alice.interactionId(), "GRANTED", "DENIED",
                positions(alice));

        clock.set(Instant.parse("2026-03-02T09:12:00Z"));
        WriteResult bob = signUp(ledger, "bob", "signup-1002", false, false,
                "198.51.100.23", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 Safari/605.1.15");
        table.row(bob.subject(), Format.time(clock.instant()), bob.interactionId(), "DENIED", "DENIED",
                positions(bob));

        clock.set(Instant.parse("2026-03-02T09:20:00Z"));
        WriteResult carol = signUp(ledger, "carol", "signup-1003", true, true,
                "192.0.2.77", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/133.0 Mobile");
        table.row(carol.subject(), Format.time(clock.instant()), carol.interactionId(), "GRANTED", "GRANTED",
                positions(carol));

        table.print(out);
        out.println();
        out.println("  Every sign-up was collected on channel WEB, notice " + NOTICE + ", jurisdiction "
                + JURISDICTION + ".");
        out.println("  dave is on the mailing list too, but never filled in the form: there is no record of him.");
        return alice.records().get(0).id();
    }

    private WriteResult signUp(ConsentLedger ledger, String subject, String submissionId, boolean newsletter,
            boolean sms, String ip, String userAgent) {
        CollectionContext context = CollectionContext.builder(Channel.WEB)
                .collectionPoint(SIGNUP_FORM)
                .noticeVersion(NOTICE)
                .jurisdiction(JURISDICTION)
                .evidence(Evidence.of(ip, userAgent))
                .build();
        Interaction.Builder form = Interaction.builder(subject).interactionId(submissionId).context(context);
        if (newsletter) {
            form.grant(NEWSLETTER);
        } else {
            form.deny(NEWSLETTER);
        }
        if (sms) {
            form.grant(SMS);
        } else {
            form.deny(SMS);
        }
        return ledger.record(form.build());
    }

    private static String positions(WriteResult w) {
        long first = w.records().get(0).position();
        return first == w.position() ? Long.toString(first) : first + "-" + w.position();
    }

    // ---------------------------------------------------------------- step 3

    private void firstNewsletter(Enforcer enforcer) {
        clock.set(Instant.parse("2026-03-09T08:00:00Z"));
        heading("Send the March newsletter",
                "The job asks the enforcer about the whole mailing list in one bulk call and sends only",
                "where the decision allows it. Each decision names its reason and the record proving it.");
        new NewsletterJob(enforcer, NEWSLETTER).run(MAILING_LIST, out);
    }

    // ---------------------------------------------------------------- step 4

    private void withdrawal(ConsentLedger ledger, Enforcer enforcer) {
        clock.set(Instant.parse("2026-03-12T21:14:00Z"));
        heading("alice unsubscribes",
                "alice clicks the unsubscribe link in the newsletter. The withdrawal is a new record:",
                "nothing is changed or deleted, and the grant stays in the history as proof.");
        CollectionContext context = CollectionContext.builder(Channel.EMAIL)
                .collectionPoint("newsletter_unsubscribe_link")
                .noticeVersion(NOTICE)
                .jurisdiction(JURISDICTION)
                .evidence(Evidence.of("203.0.113.10", "Thunderbird/128.7.0"))
                .build();
        WriteResult w = ledger.withdraw("alice", NEWSLETTER, context);
        ConsentRecord r = w.records().get(0);
        out.println("  Recorded " + r.action() + " of " + r.purposeId() + " for " + r.subject() + " at "
                + Format.time(r.recordedAt()) + ": record " + Format.shortId(r.id()) + ", ledger position "
                + r.position() + ".");
        out.println();
        out.println("  The very next check already sees it (no cache delay for this system's own writes):");
        try {
            enforcer.require("alice", NEWSLETTER);
            out.println("  require(alice, " + NEWSLETTER + ") passed");
        } catch (ProcessingDeniedException e) {
            out.println("  require(alice, " + NEWSLETTER + ") threw ProcessingDeniedException: "
                    + e.decision().reason() + " (record " + Format.shortId(e.decision().recordId()) + ")");
        }

        clock.set(Instant.parse("2026-04-06T08:00:00Z"));
        out.println();
        out.println("  On " + Format.time(clock.instant()) + " the April newsletter goes out:");
        out.println();
        new NewsletterJob(enforcer, NEWSLETTER).run(MAILING_LIST, out);
    }

    // ---------------------------------------------------------------- step 5

    private void objection(ConsentLedger ledger, Enforcer enforcer) {
        clock.set(Instant.parse("2026-04-07T10:30:00Z"));
        heading("carol objects to analytics",
                "Analytics rests on legitimate interest: nobody is asked first, and it is allowed until the",
                "person objects. carol objects on her privacy settings page.");
        Table table = new Table("when", "subject", "purpose", "allowed", "reason", "proving record");
        Decision before = enforcer.check("carol", ANALYTICS);
        table.row("before the objection", "carol", ANALYTICS, yesNo(before), before.reason(),
                Format.shortId(before.recordId()));
        CollectionContext context = CollectionContext.builder(Channel.WEB)
                .collectionPoint("privacy_settings_page")
                .noticeVersion(NOTICE)
                .jurisdiction(JURISDICTION)
                .evidence(Evidence.of("192.0.2.77", "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/134.0 Mobile"))
                .build();
        ledger.object("carol", ANALYTICS, context);
        Decision after = enforcer.check("carol", ANALYTICS);
        table.row("after the objection", "carol", ANALYTICS, yesNo(after), after.reason(),
                Format.shortId(after.recordId()));
        Decision alice = enforcer.check("alice", ANALYTICS);
        table.row("after (for comparison)", "alice", ANALYTICS, yesNo(alice), alice.reason(),
                Format.shortId(alice.recordId()));
        table.print(out);
    }

    // ---------------------------------------------------------------- step 6

    private void billing(Enforcer enforcer) {
        heading("Billing does not depend on consent",
                "Billing is necessary for the contract (legal basis CONTRACT): it is allowed whatever the",
                "person decided about marketing or analytics, and the decision says consent is not the basis.");
        Map<String, Decision> decisions = enforcer.checkAll(MAILING_LIST, BILLING);
        Table table = new Table("subject", "purpose", "allowed", "reason", "legal basis");
        decisions.forEach((subject, d) -> table.row(subject, BILLING, yesNo(d), d.reason(), d.legalBasis()));
        table.print(out);
    }

    // ---------------------------------------------------------------- step 7

    private void pastState(ConsentLedger ledger, UUID aliceSignup) {
        Instant asked = Instant.parse("2026-03-10T12:00:00Z");
        heading("What had alice agreed to on " + Format.time(asked) + "?",
                "An auditor asks about a moment before her withdrawal. The ledger replays her history up to",
                "that instant and shows, per purpose, the status and the record that proves it, with the",
                "text she was shown at the version she saw.");
        SubjectState then = ledger.stateAt("alice", asked);
        Table table = new Table("purpose", "version", "status", "decision", "proving record");
        for (PurposeState s : then.purposes().values()) {
            table.row(s.purpose().id(), "v" + s.purpose().version(), s.status(), s.decision().reason(),
                    Format.shortId(s.findProof().map(ConsentRecord::id).orElse(null)));
        }
        table.print(out);

        Map<UUID, Evidence> evidence = ledger.evidence("alice");
        for (PurposeState s : then.purposes().values()) {
            if (s.proof() == null) {
                continue;
            }
            ConsentRecord r = s.proof();
            Purpose seen = s.purpose();
            out.println();
            out.println("  Proof for " + seen.id() + ":");
            Table proof = new Table("field", "value");
            proof.row("record id", r.id());
            proof.row("action", r.action());
            proof.row("purpose", r.purposeId() + " v" + r.purposeVersion());
            proof.row("title shown", seen.title());
            proof.row("text shown", seen.description());
            proof.row("time", Format.time(r.recordedAt()));
            proof.row("expires", Format.time(r.expiresAt()));
            proof.row("collection point", r.collectionPoint());
            proof.row("channel", r.channel());
            proof.row("notice version", r.noticeVersion());
            proof.row("jurisdiction", r.jurisdiction());
            proof.row("actor", r.actor().type());
            proof.row("interaction", r.interactionId());
            Evidence e = evidence.get(r.id());
            proof.row("evidence: IP", e == null ? null : e.ipAddress());
            proof.row("evidence: user agent", e == null ? null : e.userAgent());
            proof.print(out);
        }

        PurposeState now = ledger.currentState("alice").find(NEWSLETTER).orElseThrow();
        ConsentRecord latest = now.proof();
        out.println();
        out.println("  For comparison, now (" + Format.time(clock.instant()) + "): " + NEWSLETTER + " is "
                + now.status() + (latest == null ? "." : " since " + Format.time(latest.recordedAt()) + ", via "
                + latest.collectionPoint() + " (record " + Format.shortId(latest.id()) + ")."));
        out.println("  Her sign-up grant " + Format.shortId(aliceSignup) + " stays in her history of "
                + ledger.history("alice").size() + " records.");
    }

    // ---------------------------------------------------------------- step 8

    private void erasure(ConsentLedger ledger, Enforcer enforcer) {
        clock.set(Instant.parse("2026-04-08T09:00:00Z"));
        heading("bob asks to be erased",
                "bob writes to the data-protection officer and asks for his data to be erased. The ledger",
                "deletes the evidence (IP address, user agent) and appends an erasure record: the decisions and",
                "their hash chain stay as proof, and every check that rests on consent denies from now on.");
        int before = ledger.evidence("bob").size();
        CollectionContext request = CollectionContext.builder(Channel.EMAIL)
                .collectionPoint("dpo_mailbox")
                .actor(Actor.operator("dpo"))
                .jurisdiction(JURISDICTION)
                .build();
        ConsentRecord erasure = ledger.erase("bob", request).records().get(0);
        Table table = new Table("what", "before", "after");
        table.row("evidence stored for bob", before, ledger.evidence("bob").size());
        table.row("records of bob", ledger.history("bob").size() - 1, ledger.history("bob").size());
        table.print(out);
        out.println();
        Decision d = enforcer.check("bob", ANALYTICS);
        out.println("  Recorded " + erasure.action() + " at " + Format.time(erasure.recordedAt()) + " (record "
                + Format.shortId(erasure.id()) + ", ledger position " + erasure.position() + ").");
        out.println("  check(bob, " + ANALYTICS + "): " + yesNo(d) + ", " + d.reason() + ".");
        out.println("  The tombstone list names every erased subject, so that a restore from an older backup can be");
        out.println("  erased again (ledger().reapplyErasures):");
        out.println();
        Table tombstones = new Table("subject", "erased at", "ledger position");
        for (Tombstone t : ledger.tombstones()) {
            tombstones.row(t.subject(), Format.time(t.erasedAt()), t.position());
        }
        tombstones.print(out);
    }

    // ---------------------------------------------------------------- step 9

    private void verify(ConsentLedger ledger) {
        heading("Verify the ledger",
                "Each subject's records form a hash chain. Verification recomputes every hash and link and",
                "names any record that was changed, removed, reordered or forged.");
        VerificationReport report = ledger.verify();
        Table table = new Table("subjects checked", "records checked", "problems");
        table.row(report.subjects(), report.records(), report.problems().size());
        table.print(out);
        out.println();
        if (report.ok()) {
            out.println("  Result: OK, the ledger is intact.");
        } else {
            out.println("  Result: DAMAGED");
            Table problems = new Table("kind", "subject", "record", "position", "detail");
            for (VerificationReport.Problem p : report.problems()) {
                problems.row(p.kind(), p.subject(), Format.shortId(p.recordId()), p.position(), p.detail());
            }
            problems.print(out);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void heading(String title, String... explanation) {
        step++;
        String text = "Step " + step + ". " + title;
        out.println();
        out.println(text);
        out.println("=".repeat(text.length()));
        out.println("Time: " + Format.time(clock.instant()));
        for (String line : explanation) {
            out.println(line);
        }
        out.println();
    }

    private static String yesNo(Decision d) {
        return d.allowed() ? "yes" : "no";
    }
}
