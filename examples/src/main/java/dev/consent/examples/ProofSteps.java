package dev.consent.examples;

import static dev.consent.examples.NewsletterExample.ANALYTICS;
import static dev.consent.examples.NewsletterExample.JURISDICTION;
import static dev.consent.examples.NewsletterExample.NEWSLETTER;

import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.Decision;
import dev.consent.Enforcer;
import dev.consent.Evidence;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import dev.consent.SubjectState;
import dev.consent.Tombstone;
import dev.consent.VerificationReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The steps of the newsletter story that answer for the past: what alice had agreed to at an earlier
 * instant and the records that prove it, bob's erasure (evidence gone, decisions kept) and the verification
 * of every hash chain, which a later run over an H2 file repeats.
 */
final class ProofSteps {
    private final Narrator narrator;
    private final PrintStream out;
    private final SettableClock clock;

    ProofSteps(Narrator narrator) {
        this.narrator = narrator;
        this.out = narrator.out;
        this.clock = narrator.clock;
    }

    // ---------------------------------------------------------------- step 7

    void pastState(ConsentLedger ledger, UUID aliceSignup) {
        Instant asked = Instant.parse("2026-03-10T12:00:00Z");
        narrator.heading(
                "What had alice agreed to on " + Format.time(asked) + "?",
                "An auditor asks about a moment before her withdrawal. The ledger replays her history up to",
                "that instant and shows, per purpose, the status and the record that proves it, with the",
                "text she was shown at the version she saw.");
        SubjectState then = ledger.stateAt("alice", asked);
        Table table = new Table("purpose", "version", "status", "decision", "proving record");
        for (PurposeState s : then.purposes().values()) {
            table.row(
                    s.purpose().id(),
                    "v" + s.purpose().version(),
                    s.status(),
                    s.decision().reason(),
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
                + now.status()
                + (latest == null
                        ? "."
                        : " since " + Format.time(latest.recordedAt()) + ", via " + latest.collectionPoint()
                                + " (record " + Format.shortId(latest.id()) + ")."));
        out.println("  Her sign-up grant " + Format.shortId(aliceSignup) + " stays in her history of "
                + ledger.history("alice").size() + " records.");
    }

    // ---------------------------------------------------------------- step 8

    void erasure(ConsentLedger ledger, Enforcer enforcer) {
        clock.set(Instant.parse("2026-04-08T09:00:00Z"));
        narrator.heading(
                "bob asks to be erased",
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
        table.row(
                "records of bob",
                ledger.history("bob").size() - 1,
                ledger.history("bob").size());
        table.print(out);
        out.println();
        Decision d = enforcer.check("bob", ANALYTICS);
        out.println("  Recorded " + erasure.action() + " at " + Format.time(erasure.recordedAt()) + " (record "
                + Format.shortId(erasure.id()) + ", ledger position " + erasure.position() + ").");
        out.println("  check(bob, " + ANALYTICS + "): " + Narrator.yesNo(d) + ", " + d.reason() + ".");
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

    void verify(ConsentLedger ledger) {
        narrator.heading(
                "Verify the ledger",
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
}
