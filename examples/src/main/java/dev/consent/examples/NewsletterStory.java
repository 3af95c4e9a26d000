package dev.consent.examples;

import static dev.consent.examples.NewsletterExample.ANALYTICS;
import static dev.consent.examples.NewsletterExample.BILLING;
import static dev.consent.examples.NewsletterExample.JURISDICTION;
import static dev.consent.examples.NewsletterExample.MAILING_LIST;
import static dev.consent.examples.NewsletterExample.NEWSLETTER;
import static dev.consent.examples.NewsletterExample.NOTICE;
import static dev.consent.examples.NewsletterExample.SIGNUP_FORM;
import static dev.consent.examples.NewsletterExample.SMS;

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
import dev.consent.WriteResult;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.RequestStore;
import java.io.PrintStream;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The newsletter's story on an empty ledger, step by step: define the purposes, record the sign-ups, send
 * the newsletter only to those who agreed, honour a withdrawal and an objection, and show that billing
 * does not depend on consent; then the steps of {@link ProofSteps} (a past state with its proof, an
 * erasure, the verification). Each step moves the clock to its own time, so the output is the same on
 * every run.
 */
final class NewsletterStory {
    private final Narrator narrator;
    private final PrintStream out;
    private final SettableClock clock;

    NewsletterStory(Narrator narrator) {
        this.narrator = narrator;
        this.out = narrator.out;
        this.clock = narrator.clock;
    }

    /** Tells the whole story over {@code consent}, whose ledger is empty. */
    void tell(ConsentSystem consent, RequestStore requests) {
        definePurposes(consent.purposes());
        UUID aliceSignup = signUps(consent.ledger());
        firstNewsletter(consent.enforcer());
        withdrawal(consent.ledger(), consent.enforcer());
        objection(consent.ledger(), consent.enforcer());
        billing(consent.enforcer());
        ProofSteps proof = new ProofSteps(narrator);
        proof.pastState(consent.ledger(), aliceSignup);
        RequestSteps rights = new RequestSteps(narrator);
        try (DataSubjectRequests desk = rights.desk(consent, requests)) {
            rights.access(desk);
            rights.erasure(consent, desk);
        }
        proof.verify(consent.ledger());
    }

    // ---------------------------------------------------------------- step 1

    private void definePurposes(PurposeRegistry purposes) {
        narrator.heading(
                "Define the purposes",
                "A purpose says what data is used for, the text people are shown, and the legal basis.",
                "Only CONSENT and LEGITIMATE_INTEREST purposes depend on what a person decides.");
        purposes.define(Purpose.builder(NEWSLETTER)
                .title("Newsletter by e-mail")
                .description("Our monthly newsletter with news and offers, by e-mail. Unsubscribe at any time.")
                .legalBasis(LegalBasis.CONSENT)
                .maxAge(Period.ofMonths(13)) // 13 calendar months: then we must ask again
                .recipients(List.of("newsletter-provider"))
                .build());
        purposes.define(Purpose.builder(SMS)
                .title("Offers by text message")
                .description("Occasional offers sent to your mobile phone. You can stop them at any time.")
                .legalBasis(LegalBasis.CONSENT)
                .maxAge(Period.ofMonths(13))
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
            table.row(
                    p.id(),
                    "v" + p.version(),
                    p.legalBasis(),
                    p.maxAgeText().map(Format::lifetime).orElse("-"),
                    Format.list(p.recipients()),
                    p.title());
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
        narrator.heading(
                "Record sign-up choices",
                "The sign-up form " + SIGNUP_FORM + " asks two questions. Each submission is one interaction:",
                "its decisions are appended together (all or none) and share the interaction id. The IP",
                "address and user agent are kept apart from the records, so they can be erased later.");
        Table table = new Table("subject", "time", "interaction", NEWSLETTER, SMS, "ledger positions");

        WriteResult alice = signUp(
                ledger,
                "alice",
                "signup-1001",
                true,
                false,
                "203.0.113.10",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:136.0) Gecko/20100101 Firefox/136.0");
        table.row(
                alice.subject(),
                Format.time(clock.instant()),
                alice.interactionId(),
                "GRANTED",
                "DENIED",
                positions(alice));

        clock.set(Instant.parse("2026-03-02T09:12:00Z"));
        WriteResult bob = signUp(
                ledger,
                "bob",
                "signup-1002",
                false,
                false,
                "198.51.100.23",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 Safari/605.1.15");
        table.row(bob.subject(), Format.time(clock.instant()), bob.interactionId(), "DENIED", "DENIED", positions(bob));

        clock.set(Instant.parse("2026-03-02T09:20:00Z"));
        WriteResult carol = signUp(
                ledger,
                "carol",
                "signup-1003",
                true,
                true,
                "192.0.2.77",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/133.0 Mobile");
        table.row(
                carol.subject(),
                Format.time(clock.instant()),
                carol.interactionId(),
                "GRANTED",
                "GRANTED",
                positions(carol));

        table.print(out);
        out.println();
        out.println("  Every sign-up was collected on channel WEB, notice " + NOTICE + ", jurisdiction " + JURISDICTION
                + ".");
        out.println("  dave is on the mailing list too, but never filled in the form: there is no record of him.");
        return alice.records().get(0).id();
    }

    private WriteResult signUp(
            ConsentLedger ledger,
            String subject,
            String submissionId,
            boolean newsletter,
            boolean sms,
            String ip,
            String userAgent) {
        CollectionContext context = CollectionContext.builder(Channel.WEB)
                .collectionPoint(SIGNUP_FORM)
                .noticeVersion(NOTICE)
                .jurisdiction(JURISDICTION)
                .evidence(Evidence.of(ip, userAgent))
                .build();
        Interaction.Builder form =
                Interaction.builder(subject).interactionId(submissionId).context(context);
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
        narrator.heading(
                "Send the March newsletter",
                "The job asks the enforcer about the whole mailing list in one bulk call and sends only",
                "where the decision allows it. Each decision names its reason and the record proving it.");
        new NewsletterJob(enforcer, NEWSLETTER).run(MAILING_LIST, out);
    }

    // ---------------------------------------------------------------- step 4

    private void withdrawal(ConsentLedger ledger, Enforcer enforcer) {
        clock.set(Instant.parse("2026-03-12T21:14:00Z"));
        narrator.heading(
                "alice unsubscribes",
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
                    + e.decision().reason() + " (record "
                    + Format.shortId(e.decision().recordId()) + ")");
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
        narrator.heading(
                "carol objects to analytics",
                "Analytics rests on legitimate interest: nobody is asked first, and it is allowed until the",
                "person objects. carol objects on her privacy settings page.");
        Table table = new Table("when", "subject", "purpose", "allowed", "reason", "proving record");
        Decision before = enforcer.check("carol", ANALYTICS);
        table.row(
                "before the objection",
                "carol",
                ANALYTICS,
                Narrator.yesNo(before),
                before.reason(),
                Format.shortId(before.recordId()));
        CollectionContext context = CollectionContext.builder(Channel.WEB)
                .collectionPoint("privacy_settings_page")
                .noticeVersion(NOTICE)
                .jurisdiction(JURISDICTION)
                .evidence(Evidence.of("192.0.2.77", "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/134.0 Mobile"))
                .build();
        ledger.object("carol", ANALYTICS, context);
        Decision after = enforcer.check("carol", ANALYTICS);
        table.row(
                "after the objection",
                "carol",
                ANALYTICS,
                Narrator.yesNo(after),
                after.reason(),
                Format.shortId(after.recordId()));
        Decision alice = enforcer.check("alice", ANALYTICS);
        table.row(
                "after (for comparison)",
                "alice",
                ANALYTICS,
                Narrator.yesNo(alice),
                alice.reason(),
                Format.shortId(alice.recordId()));
        table.print(out);
    }

    // ---------------------------------------------------------------- step 6

    private void billing(Enforcer enforcer) {
        narrator.heading(
                "Billing does not depend on consent",
                "Billing is necessary for the contract (legal basis CONTRACT): it is allowed whatever the",
                "person decided about marketing or analytics, and the decision says consent is not the basis.");
        Map<String, Decision> decisions = enforcer.checkAll(MAILING_LIST, BILLING);
        Table table = new Table("subject", "purpose", "allowed", "reason", "legal basis");
        decisions.forEach((subject, d) -> table.row(subject, BILLING, Narrator.yesNo(d), d.reason(), d.legalBasis()));
        table.print(out);
    }
}
