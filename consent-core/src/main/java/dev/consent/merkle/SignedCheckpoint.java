package dev.consent.merkle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.Objects;

/**
 * A {@link Checkpoint} signed as a {@link SignedNote}: the text form ({@link #toString()}) is exactly what
 * Certificate Transparency witnesses, Go's checksum database clients and Sigstore's verifiers read. What an
 * auditor keeps, together with the signer's {@link NoteVerifier} key. Immutable.
 *
 * @param checkpoint the checkpoint
 * @param note the signed note whose text is the checkpoint's body
 */
public record SignedCheckpoint(Checkpoint checkpoint, SignedNote note) {
    /** Checks that the note's text is the checkpoint's body. */
    public SignedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(note, "note");
        if (!note.text().equals(checkpoint.body())) {
            throw new InvalidInputException("note", note.text(), "is not the text of the checkpoint");
        }
    }

    /** Signs {@code checkpoint} with {@code signer}. */
    public static SignedCheckpoint sign(Checkpoint checkpoint, NoteSigner signer) {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(signer, "signer");
        return new SignedCheckpoint(checkpoint, signer.sign(checkpoint.body()));
    }

    /**
     * Reads a signed checkpoint and checks its signature.
     *
     * @throws InvalidInputException if the text is not a signed checkpoint
     * @throws ProofVerificationException if {@code verifier}'s signature is missing or invalid
     */
    public static SignedCheckpoint parse(String text, NoteVerifier verifier) {
        Objects.requireNonNull(verifier, "verifier");
        SignedCheckpoint c = parseUnverified(text);
        c.verify(verifier);
        return c;
    }

    /**
     * Reads a signed checkpoint without checking any signature: for showing it, never for trusting it.
     *
     * @throws InvalidInputException if the text is not a signed checkpoint
     */
    public static SignedCheckpoint parseUnverified(String text) {
        SignedNote note = SignedNote.parse(text);
        return new SignedCheckpoint(Checkpoint.parse(note.text()), note);
    }

    /**
     * Checks the signature of {@code verifier}'s key.
     *
     * @throws ProofVerificationException if it is missing or invalid
     */
    public void verify(NoteVerifier verifier) {
        verifier.verify(note);
    }

    /** The tree size. */
    public long size() {
        return checkpoint.size();
    }

    /** The root hash. */
    public Hash root() {
        return checkpoint.root();
    }

    /** The note as text: the checkpoint body, a blank line and the signatures. */
    @Override
    public String toString() {
        return note.format();
    }

    /**
     * As JSON: {@code {"origin":…,"treeSize":…,"rootHash":"hex","note":"the signed note"}}. The note is what
     * counts; the other fields repeat it for readers that do not parse notes.
     */
    public String toJson() {
        return ProofJson.write(toJsonNode());
    }

    ObjectNode toJsonNode() {
        ObjectNode o = ProofJson.object();
        o.put("origin", checkpoint.origin());
        o.put("treeSize", checkpoint.size());
        o.put("rootHash", checkpoint.root().toHex());
        o.put("note", note.format());
        return o;
    }

    /**
     * Reads {@link #toJson()} without checking the signature; the repeated fields must agree with the note.
     *
     * @throws InvalidInputException if a field is missing or disagrees with the note
     */
    public static SignedCheckpoint fromJson(String json) {
        ObjectNode o = ProofJson.parse("json", Objects.requireNonNull(json, "json"));
        SignedCheckpoint c = parseUnverified(ProofJson.text(o, "note"));
        if (!c.checkpoint.origin().equals(ProofJson.text(o, "origin"))
                || c.checkpoint.size() != ProofJson.number(o, "treeSize")
                || !c.checkpoint.root().equals(ProofJson.hash(o, "rootHash"))) {
            throw new InvalidInputException("json", json, "its origin, treeSize or rootHash disagree with its note");
        }
        return c;
    }
}
