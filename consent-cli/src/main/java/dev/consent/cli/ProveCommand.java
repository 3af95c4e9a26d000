package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.ConsentRecord;
import dev.consent.Hash;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.NoteVerifier;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.merkle.TreeHashes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code prove RECORD_ID [CHECKPOINT_FILE]}: the inclusion proof (RFC 9162 section 2.1.3) of one record in the
 * tree of a checkpoint kept earlier, or of the ledger's current tree, and whether it leads from the record's leaf
 * hash to the checkpoint's root. Exit {@link Exit#FINDING} when it does not, when the ledger holds no such record
 * or fewer records than the checkpoint, when the store's tree lacks what the proof needs (a record deleted), or
 * when the checkpoint's signature does not verify with {@code --verifier-key}.
 */
final class ProveCommand implements Command {
    @Override
    public String name() {
        return "prove";
    }

    @Override
    public String synopsis() {
        return "RECORD_ID [CHECKPOINT_FILE]";
    }

    @Override
    public String summary() {
        return "a record's inclusion proof against a checkpoint (or the current tree); exit 1 if it fails";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("--verifier-key", "KEY  check CHECKPOINT_FILE's signature with this key (as keygen prints it)");
    }

    /**
     * Without a checkpoint file, the ledger's current tree is read as a checkpoint in one step (size and root
     * together), which the ledger signs: with a throwaway key, since only the size and root are used.
     */
    @Override
    public @Nullable NoteSigner checkpointSigner(List<String> args, Map<String, List<String>> options) {
        return args.size() == 1 ? NoteSigner.generate("consent-cli-current-tree") : null;
    }

    @Override
    public int run(Invocation call) {
        if (call.args().size() != 1) {
            call.expect(2, "RECORD_ID [CHECKPOINT_FILE]");
        }
        UUID id = call.recordId(0, "RECORD_ID");
        String key = call.option("--verifier-key");
        @Nullable NoteVerifier verifier = key == null ? null : MerkleFiles.verifierKey("--verifier-key", key);
        MerkleFiles.ReadCheckpoint file = null;
        if (call.args().size() == 2) {
            file = MerkleFiles.checkpoint("CHECKPOINT_FILE", call.args().get(1), verifier);
        } else if (verifier != null) {
            throw new UsageException("--verifier-key goes with CHECKPOINT_FILE: the current tree is not signed");
        }
        SignedCheckpoint checkpoint =
                file != null ? file.signed() : call.consent().ledger().checkpoint();
        String against = file != null ? "checkpoint " + file.file() : "the ledger's current tree";
        if (file != null && file.badSignature()) {
            return finding(
                    call,
                    id,
                    file,
                    "The signature of " + file.file() + " does not verify with --verifier-key " + file.verifier() + ": "
                            + file.signatureProblem());
        }
        Optional<ConsentRecord> found = call.consent().ledger().findRecord(id);
        if (found.isEmpty()) {
            return finding(call, id, file, "No record " + id + " (RECORD_ID) in this ledger: nothing to prove.");
        }
        if (found.get().position() > checkpoint.size()) {
            throw new UsageException(
                    "RECORD_ID " + id + " is at ledger position " + found.get().position()
                            + ", after the " + checkpoint.size() + " records of " + against
                            + ": prove it against a later checkpoint");
        }
        long head = call.consent().ledger().headPosition();
        if (head < checkpoint.size()) {
            return finding(
                    call,
                    id,
                    file,
                    "The ledger has " + head + " records, fewer than the " + checkpoint.size() + " of " + against
                            + ": run verify --since to see what is missing.");
        }
        ConsentRecord record = found.get();
        InclusionProof proof;
        try {
            proof = call.consent().ledger().proveInclusion(id, checkpoint.size());
        } catch (dev.consent.merkle.TreeDamagedException e) {
            return finding(
                    call,
                    id,
                    file,
                    "The ledger's tree cannot prove it: " + e.getMessage()
                            + ". Run verify --since to locate the damage.");
        }
        Hash leaf = TreeHashes.leaf(record.hash());
        boolean verifies = proof.verifies(leaf, checkpoint.root());
        if (call.json()) {
            ObjectNode n = Output.object()
                    .put("recordId", id.toString())
                    .put("position", record.position())
                    .put("leafIndex", proof.leafIndex())
                    .put("treeSize", proof.treeSize())
                    .put("rootHash", checkpoint.root().toHex())
                    .put("recordHash", record.hash().toHex())
                    .put("leafHash", leaf.toHex());
            n.set("checkpoint", file != null ? file.json() : null);
            n.set("proof", Output.tree(proof.toJson()));
            call.out().json(n.put("verifies", verifies));
        } else {
            if (file != null) {
                call.out().line(file.describe());
            }
            Output.Columns table = call.out().columns("field", "value");
            table.add("record", id)
                    .add("position", record.position())
                    .add("leaf index", proof.leafIndex())
                    .add("tree size", proof.treeSize())
                    .add("root", checkpoint.root().toHex())
                    .add("leaf hash", leaf.toHex());
            for (int i = 0; i < proof.hashes().size(); i++) {
                table.add("proof[" + i + "]", proof.hashes().get(i).toHex());
            }
            table.print();
            call.out()
                    .line(
                            verifies
                                    ? "VERIFIED: the record is leaf " + proof.leafIndex() + " of " + against + "."
                                    : "NOT VERIFIED: the proof does not lead from the record's leaf hash to the root"
                                            + " of " + against + ".");
        }
        return verifies ? Exit.OK : Exit.FINDING;
    }

    /** Prints why nothing was proved; exit {@link Exit#FINDING}. */
    private static int finding(Invocation call, UUID id, MerkleFiles.@Nullable ReadCheckpoint file, String problem) {
        if (call.json()) {
            ObjectNode n = Output.object().put("recordId", id.toString()).put("verifies", false);
            n.set("checkpoint", file == null ? null : file.json());
            call.out().json(n.put("problem", problem));
        } else {
            call.out().line(problem);
        }
        return Exit.FINDING;
    }
}
