package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.ConsentRecord;
import dev.consent.PurposeState;
import dev.consent.SubjectState;
import java.time.Instant;

/** {@code state SUBJECT INSTANT}: where a subject stood for each purpose at an instant, and the proving records. */
final class StateCommand implements Command {
    @Override
    public String name() {
        return "state";
    }

    @Override
    public String synopsis() {
        return "SUBJECT INSTANT";
    }

    @Override
    public String summary() {
        return "the subject's state per purpose at INSTANT, with the record that proves each";
    }

    @Override
    public int run(Invocation call) {
        String subject = call.expect(2, "SUBJECT INSTANT").get(0);
        Instant at = call.instant(1, "INSTANT");
        SubjectState state = call.consent().ledger().stateAt(subject, at);
        if (call.json()) {
            ObjectNode root = Output.object()
                    .put("subject", subject)
                    .put("at", at.toString())
                    .put("erased", state.erased())
                    .put("deceased", state.deceased());
            ArrayNode purposes = root.putArray("purposes");
            for (PurposeState p : state.purposes().values()) {
                ConsentRecord proof = p.proof();
                ObjectNode n = purposes.addObject();
                n.put("purpose", p.purpose().id())
                        .put("version", p.purpose().version())
                        .put("title", p.purpose().title())
                        .put("status", p.status().name())
                        .put("allowed", p.decision().allowed())
                        .put("reason", p.decision().reason().name())
                        .put("proofRecordId", proof == null ? null : proof.id().toString())
                        .put("proofPosition", proof == null ? null : proof.position());
                p.recipients().forEach(n.putArray("recipients")::add); // those the data may go to then
            }
            call.out().json(root);
            return Exit.OK;
        }
        call.out()
                .line("State of " + subject + " at " + at + (state.erased() ? " (erased)" : "")
                        + (state.deceased() ? " (deceased)" : ""));
        Output.Columns table = call.out().columns("purpose", "version", "status", "allowed", "reason", "proof");
        for (PurposeState p : state.purposes().values()) {
            ConsentRecord proof = p.proof();
            table.add(
                    p.purpose().id(),
                    "v" + p.purpose().version(),
                    p.status(),
                    p.decision().allowed() ? "yes" : "no",
                    p.decision().reason(),
                    proof == null ? null : proof.id() + " @" + proof.position());
        }
        table.print();
        return Exit.OK;
    }
}
