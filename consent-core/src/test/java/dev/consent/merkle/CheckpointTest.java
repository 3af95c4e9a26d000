package dev.consent.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
    private static final Hash ROOT = Vectors.h(Vectors.ROOTS.get(7));

    @Test
    void body_isTheC2spCheckpointText() {
        Checkpoint c = new Checkpoint("example.com/consent-ledger", 8, ROOT);
        assertThat(c.body()).isEqualTo("example.com/consent-ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
        assertThat(Checkpoint.parse(c.body())).isEqualTo(c);
        Checkpoint ext = new Checkpoint("o", 0, TreeHashes.EMPTY_ROOT, List.of("Timestamp: 1"));
        assertThat(Checkpoint.parse(ext.body())).isEqualTo(ext);
    }

    @Test
    void malformedCheckpoints_areRejected_namingTheLine() {
        String good = new Checkpoint("o", 8, ROOT).body();
        assertThatThrownBy(() -> Checkpoint.parse(good.replace("\n8\n", "\n08\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("checkpoint size");
        assertThatThrownBy(() -> Checkpoint.parse(good.replace("\n8\n", "\n-8\n")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("checkpoint size");
        assertThatThrownBy(() -> Checkpoint.parse("o\n8\nAAAA\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("checkpoint root");
        assertThatThrownBy(() -> Checkpoint.parse("o\n8\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("checkpoint");
        assertThatThrownBy(() -> Checkpoint.parse(good + "\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("extensions[0]");
        assertThatThrownBy(() -> new Checkpoint("", 1, ROOT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("origin");
        assertThatThrownBy(() -> new Checkpoint("o", -1, ROOT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("size");
    }

    @Test
    void signedCheckpoint_verifiesWithItsKey_andNotWithAnother_orWhenChanged() {
        NoteSigner signer = NoteSigner.generate("example.com/consent-ledger");
        SignedCheckpoint sc = SignedCheckpoint.sign(new Checkpoint("example.com/consent-ledger", 8, ROOT), signer);
        String text = sc.toString();
        assertThat(text).startsWith(sc.checkpoint().body() + "\n\u2014 example.com/consent-ledger ");
        SignedCheckpoint back = SignedCheckpoint.parse(
                text, NoteVerifier.parse(signer.verifier().toString()));
        assertThat(back).isEqualTo(sc);
        assertThat(back.size()).isEqualTo(8);
        assertThat(back.root()).isEqualTo(ROOT);

        NoteVerifier stranger =
                NoteSigner.generate("example.com/consent-ledger").verifier();
        assertThatThrownBy(() -> SignedCheckpoint.parse(text, stranger)).isInstanceOf(ProofVerificationException.class);
        String longer = text.replace("\n8\n", "\n9\n");
        assertThatThrownBy(() -> SignedCheckpoint.parse(longer, signer.verifier()))
                .isInstanceOf(ProofVerificationException.class)
                .hasMessageContaining("not valid");
    }

    @Test
    void signedCheckpoint_roundTripsThroughJson_andRejectsFieldsThatDisagreeWithTheNote() {
        NoteSigner signer = NoteSigner.generate("log");
        SignedCheckpoint sc = SignedCheckpoint.sign(new Checkpoint("log", 8, ROOT), signer);
        String json = sc.toJson();
        assertThat(json).contains("\"treeSize\":8", "\"rootHash\":\"" + ROOT.toHex() + "\"");
        SignedCheckpoint back = SignedCheckpoint.fromJson(json);
        assertThat(back).isEqualTo(sc);
        back.verify(signer.verifier());
        assertThatThrownBy(() -> SignedCheckpoint.fromJson(json.replace("\"treeSize\":8", "\"treeSize\":9")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("disagree");
        assertThatThrownBy(() -> new SignedCheckpoint(new Checkpoint("log", 9, ROOT), sc.note()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("note");
    }
}
