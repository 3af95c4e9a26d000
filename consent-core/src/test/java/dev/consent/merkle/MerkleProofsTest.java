package dev.consent.merkle;

import static dev.consent.merkle.Vectors.h;
import static dev.consent.merkle.Vectors.hs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {
    private static final Hash SOME = h("abacaba000000000000000000000000000000000000000000060061e00123456");

    @Test
    void inclusionProofs_ofTheRfc6962TestInputs_areThePublishedOnes() {
        inclusion(
                0,
                8,
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        inclusion(
                5,
                8,
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        inclusion(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        inclusion(
                1,
                5,
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        inclusion(0, 1);
    }

    @Test
    void consistencyProofs_ofTheRfc6962TestInputs_areThePublishedOnes() {
        consistency(
                1,
                8,
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        consistency(
                6,
                8,
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        consistency(
                2,
                5,
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        consistency(
                6,
                7,
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        consistency(1, 1);
    }

    @Test
    void everyProof_upTo33Leaves_matchesTheRecursiveDefinition_andVerifies() {
        List<Hash> leaves = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            leaves.add(TreeHashes.leaf(new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        MemorySource source = MemorySource.of(leaves);
        for (int n = 1; n <= leaves.size(); n++) {
            Hash root = Rfc9162.mth(leaves.subList(0, n));
            assertThat(MerkleProofs.root(n, source)).isEqualTo(root);
            for (int m = 0; m < n; m++) {
                InclusionProof p = MerkleProofs.inclusion(m, n, source);
                assertThat(p.hashes()).as("PATH(%d, D[%d])", m, n).isEqualTo(Rfc9162.path(m, leaves.subList(0, n)));
                p.verify(leaves.get(m), root);
                assertThat(p.verifies(leaves.get((m + 1) % n), root)).isEqualTo(n == 1);
            }
            for (int m = 0; m <= n; m++) {
                ConsistencyProof c = MerkleProofs.consistency(m, n, source);
                assertThat(c.hashes()).as("PROOF(%d, D[%d])", m, n).isEqualTo(Rfc9162.proof(m, leaves.subList(0, n)));
                Hash root1 = Rfc9162.mth(leaves.subList(0, m));
                c.verify(root1, root);
                if (m > 0 && m < n) {
                    assertThat(c.verifies(Rfc9162.mth(leaves.subList(1, m + 1)), root))
                            .isFalse();
                }
            }
        }
    }

    @Test
    void corruptedInclusionProofs_doNotVerify() {
        List<Hash> leaves = Vectors.leafHashes(8);
        MemorySource source = MemorySource.of(leaves);
        Hash root = h(Vectors.ROOTS.get(7));
        InclusionProof p = MerkleProofs.inclusion(5, 8, source);
        Hash leaf = leaves.get(5);
        List<InclusionProof> wrong = new ArrayList<>(List.of(
                new InclusionProof(4, 8, p.hashes()),
                new InclusionProof(6, 8, p.hashes()),
                new InclusionProof(5 ^ 2, 8, p.hashes()),
                new InclusionProof(5, 16, p.hashes()),
                new InclusionProof(5, 6, p.hashes()),
                new InclusionProof(5, 8, with(p.hashes(), root, false)),
                new InclusionProof(5, 8, with(p.hashes(), root, true)),
                new InclusionProof(5, 8, p.hashes().subList(0, 2))));
        for (int i = 0; i < p.hashes().size(); i++) {
            List<Hash> flipped = new ArrayList<>(p.hashes());
            byte[] b = flipped.get(i).toBytes();
            b[0] ^= 8;
            flipped.set(i, Hash.of(b));
            wrong.add(new InclusionProof(5, 8, flipped));
        }
        for (InclusionProof w : wrong) {
            assertThat(w.verifies(leaf, root)).as("%s", w).isFalse();
        }
        assertThat(p.verifies(leaf, TreeHashes.EMPTY_ROOT)).isFalse();
        assertThat(p.verifies(leaf, SOME)).isFalse();
        assertThat(p.verifies(SOME, root)).isFalse();
        assertThatThrownBy(() -> p.verify(SOME, root))
                .isInstanceOf(ProofVerificationException.class)
                .hasMessageContaining("leaf 5 in 8");
    }

    @Test
    void corruptedConsistencyProofs_doNotVerify() {
        List<Hash> leaves = Vectors.leafHashes(8);
        MemorySource source = MemorySource.of(leaves);
        Hash root1 = h(Vectors.ROOTS.get(5));
        Hash root2 = h(Vectors.ROOTS.get(7));
        ConsistencyProof c = MerkleProofs.consistency(6, 8, source);
        List<Hash> hs = c.hashes();
        List<ConsistencyProof> wrong = new ArrayList<>(List.of(
                new ConsistencyProof(5, 8, hs),
                new ConsistencyProof(7, 8, hs),
                new ConsistencyProof(6 ^ 2, 8, hs),
                new ConsistencyProof(6, 16, hs),
                new ConsistencyProof(6, 8, List.of()),
                new ConsistencyProof(6, 8, with(hs, root1, false)),
                new ConsistencyProof(6, 8, with(hs, root2, true)),
                new ConsistencyProof(6, 8, with(hs, hs.get(0), true)),
                new ConsistencyProof(6, 8, hs.subList(0, hs.size() - 1))));
        for (int i = 0; i < hs.size(); i++) {
            List<Hash> flipped = new ArrayList<>(hs);
            byte[] b = flipped.get(i).toBytes();
            b[0] ^= 16;
            flipped.set(i, Hash.of(b));
            wrong.add(new ConsistencyProof(6, 8, flipped));
        }
        for (ConsistencyProof w : wrong) {
            assertThat(w.verifies(root1, root2)).as("%s", w).isFalse();
        }
        assertThat(c.verifies(root2, root1)).isFalse();
        assertThat(c.verifies(SOME, root2)).isFalse();
        assertThat(new ConsistencyProof(1, 1, List.of()).verifies(root1, root2)).isFalse();
        assertThat(new ConsistencyProof(1, 1, List.of(SOME)).verifies(root1, root1))
                .isFalse();
        assertThat(new ConsistencyProof(0, 1, List.of(SOME)).verifies(root1, root2))
                .isFalse();
    }

    @Test
    void proofsOfATenMillionLeafTree_askForFewNodes_inOneCall() {
        long size = 10_000_000L;
        int[] calls = {0};
        int[] asked = {0};
        SubtreeSource counting = nodes -> {
            calls[0]++;
            asked[0] += nodes.size();
            for (TreeNode n : nodes) {
                assertThat(n.firstLeaf() + n.leafCount()).isLessThanOrEqualTo(size);
            }
            return nodes.stream().map(n -> SOME).toList();
        };
        for (long index : new long[] {0, 1, 4_999_999, 9_999_998, 9_999_999}) {
            calls[0] = 0;
            asked[0] = 0;
            InclusionProof p = MerkleProofs.inclusion(index, size, counting);
            assertThat(calls[0]).isEqualTo(1);
            assertThat(asked[0]).isLessThanOrEqualTo(2 * 24);
            assertThat(p.hashes()).hasSizeLessThanOrEqualTo(24);
        }
        for (long m : new long[] {1, 3, 1_048_576, 7_777_777, 9_999_999}) {
            calls[0] = 0;
            asked[0] = 0;
            MerkleProofs.consistency(m, size, counting);
            assertThat(calls[0]).isEqualTo(1);
            assertThat(asked[0]).isLessThanOrEqualTo(2 * 24 + 2);
        }
    }

    @Test
    void badArguments_areRejected_namingTheField() {
        MemorySource source = MemorySource.of(Vectors.leafHashes(3));
        assertThatThrownBy(() -> MerkleProofs.inclusion(3, 3, source))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("index");
        assertThatThrownBy(() -> MerkleProofs.consistency(4, 3, source))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("size1");
        assertThatThrownBy(() -> MerkleProofs.root(-1, source))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("size");
        assertThatThrownBy(() -> new InclusionProof(0, 0, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("treeSize");
    }

    @Test
    void proofs_roundTripThroughJson() {
        MemorySource source = MemorySource.of(Vectors.leafHashes(8));
        InclusionProof p = MerkleProofs.inclusion(5, 8, source);
        assertThat(p.toJson()).startsWith("{\"logIndex\":5,\"treeSize\":8,\"hashes\":[\"bc1a0643");
        assertThat(InclusionProof.fromJson(p.toJson())).isEqualTo(p);
        ConsistencyProof c = MerkleProofs.consistency(6, 8, source);
        assertThat(ConsistencyProof.fromJson(c.toJson())).isEqualTo(c);
        assertThatThrownBy(() -> InclusionProof.fromJson("{\"logIndex\":\"5\",\"treeSize\":8,\"hashes\":[]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("logIndex");
        assertThatThrownBy(() -> ConsistencyProof.fromJson("{\"size1\":1,\"size2\":2,\"hashes\":[\"zz\"]}"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("hash");
    }

    private static void inclusion(long index, long size, String... proof) {
        List<Hash> leaves = Vectors.leafHashes((int) size);
        InclusionProof p = MerkleProofs.inclusion(index, size, MemorySource.of(leaves));
        assertThat(p.hashes()).isEqualTo(hs(proof));
        p.verify(leaves.get((int) index), h(Vectors.ROOTS.get((int) size - 1)));
    }

    private static void consistency(long size1, long size2, String... proof) {
        ConsistencyProof c = MerkleProofs.consistency(size1, size2, MemorySource.of(Vectors.leafHashes((int) size2)));
        assertThat(c.hashes()).isEqualTo(hs(proof));
        c.verify(h(Vectors.ROOTS.get((int) size1 - 1)), h(Vectors.ROOTS.get((int) size2 - 1)));
    }

    private static List<Hash> with(List<Hash> list, Hash extra, boolean front) {
        List<Hash> out = new ArrayList<>(list);
        out.add(front ? 0 : out.size(), extra);
        return out;
    }
}
