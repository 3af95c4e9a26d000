package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.merkle.LogProblem;
import dev.consent.merkle.LogVerification;
import dev.consent.merkle.NoteVerifier;
import org.jspecify.annotations.Nullable;

/**
 * {@code verify --since CHECKPOINT_FILE [--verifier-key KEY]}: whether the ledger still extends a checkpoint kept
 * earlier ({@code ConsentLedger.verify(Checkpoint, LongConsumer)}, one walk of every record under a progress bar):
 * positions that hold no record, a lost tail, records that no longer hash to the checkpoint's root, a store tree
 * that differs from its records. Exit {@link Exit#FINDING}, as {@code verify} for a damaged chain, when anything is
 * wrong or when the checkpoint's signature does not verify with {@code --verifier-key} (then the ledger is not
 * walked: a checkpoint that is not the signer's proves nothing).
 */
final class VerifySince {
    private VerifySince() {}

    static int run(Invocation call, String since) {
        String key = call.option("--verifier-key");
        @Nullable NoteVerifier verifier = key == null ? null : MerkleFiles.verifierKey("--verifier-key", key);
        MerkleFiles.ReadCheckpoint file = MerkleFiles.checkpoint("--since", since, verifier);
        Output out = call.out();
        if (file.badSignature()) {
            if (call.json()) {
                out.json(Output.object().put("ok", false).set("checkpoint", file.json()));
            } else {
                out.line(file.describe());
                out.line("NOT VERIFIED: the checkpoint in --since " + since + " is not signed by --verifier-key "
                        + file.verifier() + "; the ledger was not walked.");
            }
            return Exit.FINDING;
        }
        long head = call.consent().ledger().headPosition();
        Progress.Meter meter =
                call.progress().meter("verifying the ledger against the checkpoint", head, Long::toString);
        LogVerification result;
        try {
            result = call.consent()
                    .ledger()
                    .verify(file.signed().checkpoint(), read -> meter.update(read, "records read"));
            meter.done(
                    result.recordsRead(), "records read, " + result.problems().size() + " problems");
        } finally {
            meter.end();
        }
        if (call.json()) {
            ObjectNode root = Output.object().put("ok", result.isIntact());
            root.set("checkpoint", file.json());
            root.put("ledgerSize", result.ledgerSize())
                    .put("recordsRead", result.recordsRead())
                    .put(
                            "recomputedRoot",
                            result.recomputedRoot() == null
                                    ? null
                                    : result.recomputedRoot().toHex())
                    .put("intact", result.isIntact());
            ArrayNode problems = root.putArray("problems");
            for (LogProblem p : result.problems()) {
                problems.addObject()
                        .put("kind", p.kind().name())
                        .put("fromPosition", p.fromPosition())
                        .put("toPosition", p.toPosition())
                        .put("message", p.message());
            }
            out.json(root);
        } else {
            out.line(file.describe());
            out.line("Read " + result.recordsRead() + " records of a ledger of " + result.ledgerSize() + " positions"
                    + (result.recomputedRoot() == null
                            ? "."
                            : "; the first " + file.signed().size() + " hash to "
                                    + result.recomputedRoot().toHex() + "."));
            if (!result.isIntact()) {
                Output.Columns table = out.columns("kind", "positions", "message");
                result.problems()
                        .forEach(p -> table.add(
                                p.kind(),
                                p.fromPosition() == p.toPosition()
                                        ? Long.toString(p.fromPosition())
                                        : p.fromPosition() + ".." + p.toPosition(),
                                p.message()));
                table.print();
            }
            out.line(
                    result.isIntact()
                            ? "OK: the ledger extends the checkpoint; none of its records was changed or removed."
                            : "DAMAGED: " + result.problems().size() + " problems.");
        }
        return result.isIntact() ? Exit.OK : Exit.FINDING;
    }
}
