package dev.consent.cli;

import dev.consent.InvalidInputException;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The commands that make a ledger's signed checkpoints: {@code keygen}, which writes a new Ed25519 signer key to a
 * file and prints its verifier key for auditors, and {@code checkpoint}, which prints the ledger's current
 * checkpoint (C2SP {@code tlog-checkpoint}) signed with that key as a C2SP {@code signed-note}.
 */
final class CheckpointCommands {
    private CheckpointCommands() {}

    /** {@code keygen --name ORIGIN --out FILE}: needs no database. */
    static final class Keygen implements Command {
        @Override
        public String name() {
            return "keygen";
        }

        @Override
        public String synopsis() {
            return "--name ORIGIN --out FILE";
        }

        @Override
        public String summary() {
            return "write a new checkpoint signer key to FILE; print its verifier key for auditors";
        }

        @Override
        public Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("--name", "ORIGIN  the key name, the checkpoints' origin line (example.com/consent-ledger)");
            options.put("--out", "FILE  the signer key file to create (never overwritten); keep it secret");
            return options;
        }

        @Override
        public boolean opensLedger() {
            return false;
        }

        @Override
        public int run(Invocation call) {
            call.expect(0, "");
            String name = required(call, "--name", "ORIGIN");
            String file = required(call, "--out", "FILE");
            NoteSigner signer;
            try {
                signer = NoteSigner.generate(name);
            } catch (InvalidInputException e) {
                throw new UsageException("--name " + name + " " + e.problem()
                        + " (the log's origin, such as example.com/consent-ledger)");
            }
            MerkleFiles.create("--out", file, signer.toSignerKey() + "\n", true);
            String verifier = signer.verifier().toString();
            if (call.json()) {
                call.out()
                        .json(Output.object()
                                .put("name", signer.name())
                                .put("signerKeyFile", file)
                                .put("verifierKey", verifier));
            } else {
                call.out()
                        .line("Signer key written to " + file + ": keep it secret; checkpoint --signer-key " + file
                                + " signs with it.");
                call.out().line("Verifier key, for auditors (prove and verify --since take it as --verifier-key):");
                call.out().line(verifier);
            }
            return Exit.OK;
        }
    }

    /** {@code checkpoint --signer-key FILE [--out FILE]}. */
    static final class Checkpoint implements Command {
        @Override
        public String name() {
            return "checkpoint";
        }

        @Override
        public String synopsis() {
            return "--signer-key FILE [--out FILE]";
        }

        @Override
        public String summary() {
            return "the ledger's current Merkle tree size and root as a signed checkpoint (C2SP signed note)";
        }

        @Override
        public Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("--signer-key", "FILE  the signer key keygen wrote; its name is the origin line");
            options.put("--out", "FILE  also write the checkpoint to FILE (never overwritten), to keep");
            return options;
        }

        @Override
        public @Nullable NoteSigner checkpointSigner(List<String> args, Map<String, List<String>> options) {
            List<String> file = options.get("--signer-key");
            if (file == null) {
                throw new UsageException("--signer-key FILE is required: the key that signs (keygen writes one)");
            }
            return MerkleFiles.signerKey("--signer-key", file.get(0));
        }

        @Override
        public int run(Invocation call) {
            call.expect(0, "");
            SignedCheckpoint signed = call.consent().ledger().checkpoint();
            String text = call.json() ? signed.toJson() + "\n" : signed.toString();
            String out = call.option("--out");
            if (out != null) {
                MerkleFiles.create("--out", out, text, false);
            }
            if (call.json()) {
                call.out().utf8Json(signed.toJson());
            } else {
                call.out().utf8(text);
            }
            return Exit.OK;
        }
    }

    private static String required(Invocation call, String option, String value) {
        String v = call.option(option);
        if (v == null) {
            throw new UsageException(option + " " + value + " is required");
        }
        return v;
    }
}
