package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.VerificationReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code verify}: walks every hash chain. Exit {@link Exit#FINDING} when a record was changed, removed,
 * reordered or forged. The ledger's verification reports no progress, so a spinner shows the time taken. With
 * {@code --since CHECKPOINT_FILE}, checks the Merkle log against a checkpoint instead ({@link VerifySince}).
 */
final class VerifyCommand implements Command {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String synopsis() {
        return "[--since CHECKPOINT_FILE]";
    }

    @Override
    public String summary() {
        return "verify every hash chain; exit 1 if any record was changed, removed or forged";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(
                "--since",
                "CHECKPOINT_FILE  instead, check that the ledger still extends this checkpoint (Merkle log)");
        options.put("--verifier-key", "KEY  with --since: check the checkpoint's signature (exit 1 if it fails)");
        return options;
    }

    @Override
    public int run(Invocation call) {
        call.expect(0, "");
        String since = call.option("--since");
        if (since != null) {
            return VerifySince.run(call, since);
        }
        if (call.option("--verifier-key") != null) {
            throw new UsageException("--verifier-key goes with --since CHECKPOINT_FILE");
        }
        long head = call.consent().ledger().headPosition();
        VerificationReport report = call.progress()
                .spin(
                        "verifying every hash chain",
                        () -> call.consent().ledger().verify(),
                        r -> r.subjects() + " subjects, " + r.records() + " records, "
                                + r.problems().size() + " problems");
        Output out = call.out();
        if (call.json()) {
            ObjectNode root = Output.object()
                    .put("ok", report.ok())
                    .put("headPosition", head)
                    .put("subjects", report.subjects())
                    .put("records", report.records());
            ArrayNode problems = root.putArray("problems");
            for (VerificationReport.Problem p : report.problems()) {
                problems.addObject()
                        .put("kind", p.kind().name())
                        .put("subject", p.subject())
                        .put(
                                "recordId",
                                p.recordId() == null ? null : p.recordId().toString())
                        .put("position", p.position())
                        .put("detail", p.detail());
            }
            out.json(root);
        } else {
            out.line("Verified " + report.subjects() + " subjects and " + report.records()
                    + " records up to ledger position " + head + ".");
            if (!report.problems().isEmpty()) {
                Output.Columns table = out.columns("kind", "subject", "record", "position", "detail");
                report.problems()
                        .forEach(p -> table.add(p.kind(), p.subject(), p.recordId(), p.position(), p.detail()));
                table.print();
            }
            out.line(
                    report.ok()
                            ? "OK: every chain is intact."
                            : "DAMAGED: " + report.problems().size() + " problems.");
        }
        return report.ok() ? Exit.OK : Exit.FINDING;
    }
}
