package dev.consent.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Hash;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.Checkpoints;
import dev.sigstore.rekor.client.RekorEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * Our proofs and checkpoints as outside tools see them: sigstore-java's RFC 6962 inclusion-proof verifier and its
 * checkpoint (signed-note) parser, and Bouncy Castle's Ed25519, none of which share code with this library.
 */
class OutsideVerifierTest {
    @Test
    void sigstoreAcceptsEveryInclusionProof_ofTrees_upTo40Leaves() throws Exception {
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            leaves.add(TreeHashes.leaf(TreeHashes.leaf(new byte[] {(byte) i})));
        }
        MemorySource source = MemorySource.of(leaves);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root = MerkleProofs.root(n, source).toBytes();
            for (int m = 0; m < n; m++) {
                InclusionProof p = MerkleProofs.inclusion(m, n, source);
                InclusionProofVerifier.verify(leaves.get(m).toBytes(), m, n, bytes(p.hashes()), root);
            }
        }
    }

    @Test
    void sigstoreRejects_aProofOfAnotherLeaf() {
        List<Hash> leaves = Vectors.leafHashes(8);
        MemorySource source = MemorySource.of(leaves);
        InclusionProof p = MerkleProofs.inclusion(5, 8, source);
        byte[] root = MerkleProofs.root(8, source).toBytes();
        assertThatThrownBy(() -> InclusionProofVerifier.verify(leaves.get(4).toBytes(), 5, 8, bytes(p.hashes()), root))
                .isInstanceOf(InclusionProofVerificationException.class);
    }

    @Test
    void sigstoreParsesOurSignedCheckpoint_andBouncyCastleVerifiesItsSignature() throws Exception {
        NoteSigner signer = NoteSigner.parse(NoteTest.GO_SIGNER_KEY);
        Hash root = Vectors.h(Vectors.ROOTS.get(7));
        SignedCheckpoint sc = SignedCheckpoint.sign(new Checkpoint("example.com/consent-ledger", 8, root), signer);

        RekorEntry.Checkpoint parsed = Checkpoints.from(sc.toString());
        assertThat(parsed.getOrigin()).isEqualTo("example.com/consent-ledger");
        assertThat(parsed.getSize()).isEqualTo(8L);
        assertThat(Base64.getDecoder().decode(parsed.getBase64Hash())).isEqualTo(root.toBytes());
        assertThat(parsed.getSignedData()).isEqualTo(sc.checkpoint().body());
        assertThat(parsed.getSignatures()).hasSize(1);
        RekorEntry.CheckpointSignature sig = parsed.getSignatures().get(0);
        assertThat(sig.getIdentity()).isEqualTo("PeterNeumann");
        // the key hint of the Go example's verifier key, c74f20a3
        assertThat(sig.getKeyHint()).isEqualTo(new byte[] {(byte) 0xc7, 0x4f, 0x20, (byte) 0xa3});

        byte[] typedKey = Base64.getDecoder().decode(NoteTest.GO_VERIFIER_KEY.split("\\+", 3)[2]);
        Ed25519Signer bc = new Ed25519Signer();
        bc.init(false, new Ed25519PublicKeyParameters(typedKey, 1));
        byte[] message = parsed.getSignedData().getBytes(StandardCharsets.UTF_8);
        bc.update(message, 0, message.length);
        assertThat(bc.verifySignature(sig.getSignature())).isTrue();

        byte[] changed = parsed.getSignedData().replace("\n8\n", "\n7\n").getBytes(StandardCharsets.UTF_8);
        bc.init(false, new Ed25519PublicKeyParameters(typedKey, 1));
        bc.update(changed, 0, changed.length);
        assertThat(bc.verifySignature(sig.getSignature())).isFalse();
    }

    @Test
    void bouncyCastle_verifiesSignaturesOfAGeneratedKey() {
        NoteSigner signer = NoteSigner.generate("log.example");
        SignedNote note = signer.sign("tree\n");
        byte[] typed = Base64.getDecoder().decode(signer.verifier().toString().split("\\+", 3)[2]);
        Ed25519Signer bc = new Ed25519Signer();
        bc.init(false, new Ed25519PublicKeyParameters(typed, 1));
        byte[] m = note.text().getBytes(StandardCharsets.UTF_8);
        bc.update(m, 0, m.length);
        assertThat(bc.verifySignature(note.signatures().get(0).signature())).isTrue();
        assertThat(ByteBuffer.wrap(Base64.getDecoder()
                                .decode(note.format().split(" ")[2].trim()))
                        .getInt())
                .isEqualTo(signer.verifier().keyId());
    }

    private static List<byte[]> bytes(List<Hash> hashes) {
        return hashes.stream().map(Hash::toBytes).toList();
    }
}
