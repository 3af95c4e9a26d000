package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.InvalidInputException;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.NoteVerifier;
import dev.consent.merkle.ProofVerificationException;
import dev.consent.merkle.SignedCheckpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * The files and keys of the Merkle log's commands ({@code keygen}, {@code checkpoint}, {@code prove},
 * {@code verify --since}): signer keys, verifier keys and signed checkpoints, each read with a usage error naming
 * the argument or option it came from when it is missing or not what it should be. Never shows a private key.
 */
final class MerkleFiles {
    private static final String SIGNER_KEY_FORM = "PRIVATE+KEY+name+keyid+base64, as keygen writes it";

    private MerkleFiles() {}

    /**
     * The signer key in {@code file}, given as {@code option}.
     *
     * @throws UsageException naming the option if the file is missing, unreadable or not a signer key
     */
    static NoteSigner signerKey(String option, String file) {
        String text = read(option, file);
        try {
            return NoteSigner.parse(text.strip());
        } catch (InvalidInputException e) {
            throw new UsageException(
                    option + " " + file + " is not a signer key (" + SIGNER_KEY_FORM + "): " + e.problem());
        }
    }

    /**
     * The verifier key {@code key}, given as {@code option}.
     *
     * @throws UsageException naming the option if it is not one
     */
    static NoteVerifier verifierKey(String option, String key) {
        try {
            return NoteVerifier.parse(key.strip());
        } catch (InvalidInputException e) {
            throw new UsageException(option + " " + key + " is not a verifier key (name+keyid+base64, as keygen"
                    + " prints it): " + e.problem());
        }
    }

    /**
     * The signed checkpoint in {@code file} (the note text, or the JSON of {@code checkpoint --json}), given as
     * {@code field}, with its signature checked when {@code verifier} is given.
     *
     * @throws UsageException naming the field if the file is missing, unreadable or not a signed checkpoint
     */
    static ReadCheckpoint checkpoint(String field, String file, @Nullable NoteVerifier verifier) {
        String text = read(field, file).replace("\r\n", "\n");
        SignedCheckpoint signed;
        try {
            signed = text.stripLeading().startsWith("{")
                    ? SignedCheckpoint.fromJson(text)
                    : SignedCheckpoint.parseUnverified(text.endsWith("\n") ? text : text + "\n");
        } catch (InvalidInputException e) {
            throw new UsageException(field + " " + file + " is not a signed checkpoint as the checkpoint command"
                    + " writes it: " + e.field() + " " + e.problem());
        }
        String problem = null;
        if (verifier != null) {
            try {
                signed.verify(verifier);
            } catch (ProofVerificationException e) {
                problem = e.getMessage();
            }
        }
        return new ReadCheckpoint(field, file, signed, verifier, problem);
    }

    /**
     * Writes {@code text} to {@code file}, given as {@code option}, which must not exist yet; readable by its
     * owner only if {@code secret} (where the file system has POSIX permissions).
     *
     * @throws UsageException naming the option if the file exists or its folder does not
     */
    static void create(String option, String file, String text, boolean secret) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isDirectory(path.getParent())) {
            throw new UsageException(option + " " + file + ": the folder " + path.getParent() + " does not exist");
        }
        try {
            if (secret && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(path);
            }
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(option + " " + file + " exists already: name a new file (nothing was written)");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + " cannot be created: " + e.getMessage());
        }
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UsageException(option + " " + file + " cannot be written: " + e.getMessage());
        }
    }

    private static String read(String field, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(field + " " + file + ": no such file");
        } catch (IOException e) {
            throw new UsageException(field + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * A signed checkpoint read from a file, and what the check of its signature found.
     *
     * @param field the argument or option that named the file
     * @param file the file
     * @param signed the checkpoint
     * @param verifier the key its signature was checked with; null when none was given
     * @param signatureProblem why the signature did not verify; null when it did, or was not checked
     */
    record ReadCheckpoint(
            String field,
            String file,
            SignedCheckpoint signed,
            @Nullable NoteVerifier verifier,
            @Nullable String signatureProblem) {
        /** Whether the signature was checked and did not verify. */
        boolean badSignature() {
            return signatureProblem != null;
        }

        /** The checkpoint's origin, size and root, and the signature check, as JSON fields. */
        ObjectNode json() {
            ObjectNode o = Output.object()
                    .put("file", file)
                    .put("origin", signed.checkpoint().origin())
                    .put("treeSize", signed.size())
                    .put("rootHash", signed.root().toHex())
                    .put("verifierKey", verifier == null ? null : verifier.toString());
            if (verifier == null) {
                o.putNull("signatureVerified");
            } else {
                o.put("signatureVerified", signatureProblem == null);
            }
            return o.put("signatureProblem", signatureProblem);
        }

        /** The checkpoint and the signature check, in words. */
        String describe() {
            String signature = verifier == null
                    ? "signature not checked (no --verifier-key)"
                    : signatureProblem == null
                            ? "signature verified with " + verifier.name()
                            : "signature NOT verified with --verifier-key " + verifier + ": " + signatureProblem;
            return "Checkpoint " + file + ": " + signed.checkpoint().origin() + ", " + signed.size() + " records, root "
                    + signed.root().toHex() + "; " + signature + ".";
        }
    }
}
