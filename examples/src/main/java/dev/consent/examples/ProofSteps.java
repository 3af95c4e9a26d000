package dev.consent.examples;

import static dev.consent.examples.NewsletterExample.NEWSLETTER;

import dev.consent.ConsentLedger;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import dev.consent.SubjectState;
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

    // ---------------------------------------------------------------- step 10

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
