package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.DPO;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import dev.consent.merkle.Checkpoint;
import dev.consent.merkle.ConsistencyProof;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.LogProblem;
import dev.consent.merkle.LogVerification;
import dev.consent.merkle.NoteSigner;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.merkle.TreeHashes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger's Merkle log through the API: signed checkpoints in the C2SP formats, inclusion proofs of every
 * record and consistency proofs between checkpoints that verify against the checkpoints' roots, verification of
 * the ledger against an earlier checkpoint (intact, also after erasure; a deleted record and a record changed behind
 * it both located), and bad input named.
 */
public abstract class MerkleLogContract extends BehaviourContract {
    private static final NoteSigner SIGNER = NoteSigner.generate("consent.example/ledger");

    private ConsentSystem signing() {
        ConsentSystem cs = system(b -> b.checkpointSigner(SIGNER));
        Fixtures.defineStandard(cs.purposes());
        return cs;
    }

    private static void write(ConsentSystem cs, int from, int to) {
        for (int i = from; i < to; i++) {
            cs.ledger().grant("user-" + (i % 7), "marketing.email", WEB);
            cs.ledger().withdraw("user-" + (i % 7), "marketing.email", WEB);
        }
    }

    @Test
    void checkpoint_isASignedNoteOfTheTreeSizeAndRoot_thatTheSignersVerifierKeyAccepts() {
        ConsentSystem cs = signing();
        write(cs, 0, 10);

        SignedCheckpoint cp = cs.ledger().checkpoint();

        assertThat(cp.size()).isEqualTo(cs.ledger().headPosition()).isEqualTo(20);
        assertThat(cp.checkpoint().origin()).isEqualTo("consent.example/ledger");
        String text = cp.toString();
        assertThat(text)
                .startsWith("consent.example/ledger\n20\n"
                        + java.util.Base64.getEncoder().encodeToString(cp.root().toBytes())
                        + "\n\n\u2014 consent.example/ledger ");
        SignedCheckpoint parsed = SignedCheckpoint.parse(text, SIGNER.verifier());
        assertThat(parsed).isEqualTo(cp);
        assertThatThrownBy(() -> SignedCheckpoint.parse(text.replace("\n20\n", "\n19\n"), SIGNER.verifier()))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void checkpoint_withoutASigner_isRefused() {
        ConsentSystem cs = systemWithPurposes();
        cs.ledger().grant("user-1", "marketing.email", WEB);

        assertThatThrownBy(() -> cs.ledger().checkpoint())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("checkpointSigner");
    }

    @Test
    void everyRecord_isProvenInTheCheckpoint_andTheLaterCheckpointExtendsTheEarlier() {
        ConsentSystem cs = signing();
        write(cs, 0, 9);
        SignedCheckpoint earlier = cs.ledger().checkpoint();
        write(cs, 9, 40);
        SignedCheckpoint later = cs.ledger().checkpoint();

        List<ConsentRecord> all = new ArrayList<>();
        for (int s = 0; s < 7; s++) {
            all.addAll(cs.ledger().history("user-" + s));
        }
        assertThat(all).hasSize(80);
        for (ConsentRecord r : all) {
            InclusionProof proof = cs.ledger().proveInclusion(r.id(), later.size());
            assertThat(proof.leafIndex()).isEqualTo(r.position() - 1);
            proof.verify(TreeHashes.leaf(r.hash()), later.root());
            assertThat(InclusionProof.fromJson(proof.toJson()).verifies(TreeHashes.leaf(r.hash()), later.root()))
                    .isTrue();
            if (r.position() <= earlier.size()) {
                cs.ledger().proveInclusion(r.id(), earlier.size()).verify(TreeHashes.leaf(r.hash()), earlier.root());
            }
        }
        ConsistencyProof consistency = cs.ledger().proveConsistency(earlier.size(), later.size());
        consistency.verify(earlier.root(), later.root());
        assertThat(consistency.verifies(later.root(), earlier.root())).isFalse();
        for (long size = 1; size <= later.size(); size += 5) {
            cs.ledger().proveConsistency(size, later.size());
        }
    }

    @Test
    void verify_againstAnEarlierCheckpoint_findsTheLedgerIntact_alsoAfterErasure() {
        ConsentSystem cs = signing();
        write(cs, 0, 12);
        SignedCheckpoint cp = cs.ledger().checkpoint();
        ConsentRecord erased = cs.ledger().history("user-3").get(0);
        cs.ledger().erase("user-3", DPO);
        write(cs, 12, 15);
        List<Long> progress = new ArrayList<>();

        LogVerification v = cs.ledger().verify(cp.checkpoint(), progress::add);

        assertThat(v.problems()).isEmpty();
        assertThat(v.isIntact()).isTrue();
        assertThat(v.ledgerSize()).isEqualTo(cs.ledger().headPosition());
        assertThat(v.recordsRead()).isEqualTo(cs.ledger().headPosition());
        assertThat(v.recomputedRoot()).isEqualTo(cp.root());
        assertThat(progress).isNotEmpty().last().isEqualTo(v.recordsRead());
        cs.ledger().proveInclusion(erased.id(), cp.size()).verify(TreeHashes.leaf(erased.hash()), cp.root());
    }

    @Test
    void verify_afterADeletedRecord_stillLocatesARecordChangedBehindIt() {
        TamperingStore tampering = new TamperingStore(store);
        ConsentSystem cs = systemOver(tampering, b -> b.checkpointSigner(SIGNER));
        Fixtures.defineStandard(cs.purposes());
        write(cs, 0, 40);
        SignedCheckpoint cp = cs.ledger().checkpoint();
        // position 5 deleted, and the record at 50 replaced by one with another hash: as SQL on the rows would
        tampering.tamperRecords(records -> records.stream()
                .filter(r -> r.position() != 5)
                .map(r -> r.position() == 50 ? RecordEdits.withHash(r, TreeHashes.leaf(new byte[] {9})) : r)
                .toList());

        LogVerification v = cs.ledger().verify(cp.checkpoint());

        assertThat(v.problems(LogProblem.Kind.MISSING_POSITIONS))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.fromPosition()).isEqualTo(5);
                    assertThat(p.toPosition()).isEqualTo(5);
                });
        // the tree node of positions 49 to 64, though the records read are one position short from 5 on
        assertThat(v.problems(LogProblem.Kind.CHANGED_RECORDS)).singleElement().satisfies(p -> {
            assertThat(p.fromPosition()).isEqualTo(49);
            assertThat(p.toPosition()).isEqualTo(64);
        });
        assertThat(v.problems(LogProblem.Kind.ROOT_MISMATCH)).hasSize(1);
    }

    @Test
    void verify_againstACheckpointOfAnotherLedger_reportsTheRootMismatch() {
        ConsentSystem cs = signing();
        write(cs, 0, 5);
        Checkpoint foreign = new Checkpoint("consent.example/ledger", 6, TreeHashes.leaf(new byte[] {1}));

        LogVerification v = cs.ledger().verify(foreign);

        assertThat(v.isIntact()).isFalse();
        assertThat(v.problems(dev.consent.merkle.LogProblem.Kind.ROOT_MISMATCH)).hasSize(1);
        Checkpoint longer = new Checkpoint("consent.example/ledger", 25, TreeHashes.leaf(new byte[] {1}));
        LogVerification shorter = cs.ledger().verify(longer);
        assertThat(shorter.problems(dev.consent.merkle.LogProblem.Kind.MISSING_TAIL))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.fromPosition()).isEqualTo(11);
                    assertThat(p.toPosition()).isEqualTo(25);
                });
    }

    @Test
    void badInput_namesTheField() {
        ConsentSystem cs = signing();
        write(cs, 0, 3);
        ConsentRecord last = cs.ledger().history("user-2").get(1);

        assertThatThrownBy(() -> cs.ledger().proveInclusion(UUID.randomUUID(), 6))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("recordId");
        assertThatThrownBy(() -> cs.ledger().proveInclusion(last.id(), last.position() - 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("treeSize");
        assertThatThrownBy(() -> cs.ledger().proveInclusion(last.id(), 7))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("treeSize")
                .hasMessageContaining("7");
        assertThatThrownBy(() -> cs.ledger().proveConsistency(5, 4))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("earlierSize");
        assertThatThrownBy(() -> cs.ledger().proveConsistency(1, 9))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("laterSize");
    }
}
