package dev.consent.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example of Go's {@code golang.org/x/mod/sumdb/note} (the reference implementation of C2SP signed-note): its
 * keys, text and published signed note. Ed25519 is deterministic, so signing must reproduce it byte for byte.
 */
class NoteTest {
    static final String GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_SIGNER_KEY =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n"
            + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void signingTheGoExample_reproducesThePublishedNote() {
        NoteSigner signer = NoteSigner.parse(GO_SIGNER_KEY);
        assertThat(signer.sign(GO_TEXT).format()).isEqualTo(GO_NOTE);
        assertThat(signer.verifier().toString()).isEqualTo(GO_VERIFIER_KEY);
        assertThat(signer.toSignerKey()).isEqualTo(GO_SIGNER_KEY);
        assertThat(signer.toString()).doesNotContain("AYEKFALV");
    }

    @Test
    void thePublishedNote_verifies_andATamperedOneDoesNot() {
        NoteVerifier v = NoteVerifier.parse(GO_VERIFIER_KEY);
        assertThat(v.toString()).isEqualTo(GO_VERIFIER_KEY);
        assertThat(v.keyId()).isEqualTo(0xc74f20a3);
        SignedNote note = SignedNote.parse(GO_NOTE);
        assertThat(note.text()).isEqualTo(GO_TEXT);
        assertThat(note.format()).isEqualTo(GO_NOTE);
        assertThat(v.verify(note).keyName()).isEqualTo("PeterNeumann");

        SignedNote tampered = SignedNote.parse(GO_NOTE.replace("cryptography", "cryptographY"));
        assertThatThrownBy(() -> v.verify(tampered))
                .isInstanceOf(ProofVerificationException.class)
                .hasMessageContaining("not valid");
        NoteVerifier other = NoteSigner.generate("PeterNeumann").verifier();
        assertThatThrownBy(() -> other.verify(note))
                .isInstanceOf(ProofVerificationException.class)
                .hasMessageContaining("no signature by PeterNeumann");
    }

    @Test
    void signaturesOfUnknownKeys_areIgnored() {
        NoteSigner a = NoteSigner.generate("a.example/log");
        NoteSigner b = NoteSigner.generate("b.example/witness");
        SignedNote byA = a.sign("hello\n");
        SignedNote both = new SignedNote(
                byA.text(),
                List.of(b.sign("hello\n").signatures().get(0), byA.signatures().get(0)));
        assertThat(a.verifier().verify(SignedNote.parse(both.format())))
                .isEqualTo(byA.signatures().get(0));
        assertThat(b.verifier().verify(both).keyName()).isEqualTo("b.example/witness");
    }

    @Test
    void malformedKeysAndNotes_areRejected_namingTheField() {
        assertThatThrownBy(
                        () -> NoteVerifier.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("key ID");
        assertThatThrownBy(
                        () -> NoteVerifier.parse("PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("verifierKey");
        assertThatThrownBy(() -> NoteSigner.parse(GO_SIGNER_KEY.replace("c74f20a3", "c74f20a4")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("signerKey")
                .hasMessageNotContaining("AYEKFALV");
        assertThatThrownBy(() -> NoteSigner.generate("two words"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("name");
        assertThatThrownBy(() -> NoteSigner.generate("a+b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("name");
        NoteSigner s = NoteSigner.generate("log");
        assertThatThrownBy(() -> s.sign("no final newline"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("text");
        assertThatThrownBy(() -> s.sign("a\tb\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("text");
        assertThatThrownBy(() -> SignedNote.parse(GO_TEXT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("note");
        assertThatThrownBy(() -> SignedNote.parse(GO_TEXT + "\n- PeterNeumann abc=\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("signature line");
        assertThatThrownBy(() -> NoteSigner.of(
                        "log",
                        new java.security.KeyPair(
                                s.verifier().publicKey(), Ed25519Keys.generate().getPrivate())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match");
    }
}
