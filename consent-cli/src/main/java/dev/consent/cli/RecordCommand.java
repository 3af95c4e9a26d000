package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.ConsentRecord;
import java.util.Optional;
import java.util.UUID;

/** {@code record ID}: one record by its id, with every field and its hashes; exit 1 when there is none. */
final class RecordCommand implements Command {
    @Override
    public String name() {
        return "record";
    }

    @Override
    public String synopsis() {
        return "ID";
    }

    @Override
    public String summary() {
        return "one record by its id (as decisions and proofs name it), with its hashes; exit 1 if none";
    }

    @Override
    public int run(Invocation call) {
        String text = call.expect(1, "ID").get(0);
        UUID id = call.recordId(0, "ID");
        Optional<ConsentRecord> found = call.consent().ledger().findRecord(id);
        if (found.isEmpty()) {
            if (call.json()) {
                call.out().json(Output.object().put("id", text).put("found", false));
            } else {
                call.out().line("No record " + text + " in this ledger.");
            }
            return Exit.FINDING;
        }
        ConsentRecord r = found.get();
        ObjectNode n = Output.object()
                .put("found", true)
                .put("id", r.id().toString())
                .put("position", r.position())
                .put("subject", r.subject())
                .put("subjectSequence", r.subjectSequence())
                .put("purposeId", r.purposeId())
                .put("purposeVersion", r.purposeVersion())
                .put("action", r.action().name())
                .put("recordedAt", r.recordedAt().toString())
                .put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString())
                .put("noticeVersion", r.noticeVersion())
                .put("collectionPoint", r.collectionPoint())
                .put("channel", r.channel().name())
                .put("actorType", r.actor().type().name())
                .put("actorId", r.actor().id())
                .put("jurisdiction", r.jurisdiction())
                .put("interactionId", r.interactionId())
                .put(
                        "evidenceDigest",
                        r.evidenceDigest() == null ? null : r.evidenceDigest().toHex())
                .put(
                        "previousHash",
                        r.previousHash() == null ? null : r.previousHash().toHex())
                .put("hash", r.hash().toHex());
        if (call.json()) {
            call.out().json(n);
            return Exit.OK;
        }
        call.out().line("Record " + r.id() + " at ledger position " + r.position());
        Output.Columns table = call.out().columns("field", "value");
        n.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("found")) {
                table.add(
                        e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        });
        table.print();
        return Exit.OK;
    }
}
