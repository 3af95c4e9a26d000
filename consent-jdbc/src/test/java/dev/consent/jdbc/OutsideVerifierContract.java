package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Hash;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.merkle.TreeHashes;
import dev.sigstore.merkle.InclusionProofVerificationException;
import dev.sigstore.merkle.InclusionProofVerifier;
import dev.sigstore.rekor.client.Checkpoints;
import dev.sigstore.rekor.client.RekorEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

/**
 * The ledger's own proofs and checkpoints, made by the store from the tree it keeps, checked with code nobody here
 * wrote: every record's inclusion proof against a checkpoint by sigstore-java's RFC 6962 verifier (and a proof of
 * another record refused), the checkpoint parsed by sigstore-java's checkpoint reader and its Ed25519 signature
 * verified by Bouncy Castle with the bytes of the signer's verifier key.
 */
abstract class OutsideVerifierContract extends DatabaseContract {
    private static final CollectionContext WEB = CollectionContext.of(Channel.WEB, "banner");

    @Test
    void sigstoreAndBouncyCastle_acceptTheLedgersProofsAndCheckpoint() throws Exception {
        NoteSigner signer = NoteSigner.generate("shop.example/consent");
        TestStore store = newStore();
        ConsentSystem cs = system(store, b -> b.checkpointSigner(signer));
        cs.purposes()
                .define(Purpose.builder("news")
                        .title("Newsletter")
                        .description("The weekly newsletter")
                        .legalBasis(LegalBasis.CONSENT)
                        .build());
        for (int i = 0; i < 45; i++) {
            cs.ledger().grant("user-" + (i % 6), "news", WEB);
        }
        SignedCheckpoint cp = cs.ledger().checkpoint();
        List<ConsentRecord> records = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            records.addAll(cs.ledger().history("user-" + s));
        }
        assertThat(records).hasSize(45);

        for (ConsentRecord r : records) {
            InclusionProof proof = cs.ledger().proveInclusion(r.id(), cp.size());
            InclusionProofVerifier.verify(
                    TreeHashes.leaf(r.hash()).toBytes(),
                    proof.leafIndex(),
                    proof.treeSize(),
                    proof.hashes().stream().map(Hash::toBytes).toList(),
                    cp.root().toBytes());
        }
        ConsentRecord first = records.get(0);
        ConsentRecord other = records.get(1);
        InclusionProof ofFirst = cs.ledger().proveInclusion(first.id(), cp.size());
        assertThatThrownBy(() -> InclusionProofVerifier.verify(
                        TreeHashes.leaf(other.hash()).toBytes(),
                        ofFirst.leafIndex(),
                        ofFirst.treeSize(),
                        ofFirst.hashes().stream().map(Hash::toBytes).toList(),
                        cp.root().toBytes()))
                .isInstanceOf(InclusionProofVerificationException.class);

        RekorEntry.Checkpoint parsed = Checkpoints.from(cp.toString());
        assertThat(parsed.getOrigin()).isEqualTo("shop.example/consent");
        assertThat(parsed.getSize()).isEqualTo(45L);
        assertThat(Base64.getDecoder().decode(parsed.getBase64Hash()))
                .isEqualTo(cp.root().toBytes());
        RekorEntry.CheckpointSignature signature = parsed.getSignatures().get(0);
        assertThat(signature.getIdentity()).isEqualTo("shop.example/consent");
        byte[] typedKey =
                Base64.getDecoder().decode(signer.verifier().toString().split("\\+", 3)[2]);
        Ed25519Signer bc = new Ed25519Signer();
        bc.init(false, new Ed25519PublicKeyParameters(typedKey, 1));
        byte[] message = parsed.getSignedData().getBytes(StandardCharsets.UTF_8);
        bc.update(message, 0, message.length);
        assertThat(bc.verifySignature(signature.getSignature())).isTrue();
    }
}
