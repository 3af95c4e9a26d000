package dev.consent.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Hash;
import dev.consent.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeHashesTest {
    @Test
    void emptyTree_hasTheSha256OfNothing() {
        assertThat(TreeHashes.EMPTY_ROOT.toHex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Frontier.EMPTY.root()).isEqualTo(TreeHashes.EMPTY_ROOT);
        assertThat(MerkleProofs.root(0, MemorySource.of(List.of()))).isEqualTo(TreeHashes.EMPTY_ROOT);
    }

    @Test
    void roots_ofTheRfc6962TestInputs_areThePublishedOnes() {
        for (int n = 1; n <= 8; n++) {
            List<Hash> leaves = Vectors.leafHashes(n);
            Hash want = Vectors.h(Vectors.ROOTS.get(n - 1));
            assertThat(TreeHashes.root(leaves)).as("in memory, size %d", n).isEqualTo(want);
            MemorySource source = MemorySource.of(leaves);
            assertThat(source.frontier.root()).as("frontier, size %d", n).isEqualTo(want);
            assertThat(MerkleProofs.root(n, source))
                    .as("from stored subtrees, size %d", n)
                    .isEqualTo(want);
        }
    }

    @Test
    void frontier_completesOneNodePerTrailingOneBit_andKeepsOnePeakPerSetBit() {
        Frontier f = Frontier.EMPTY;
        for (int i = 0; i < 300; i++) {
            List<NodeHash> done = new ArrayList<>();
            f = f.append(TreeHashes.leaf(new byte[] {(byte) i}), done::add);
            assertThat(done).hasSize(1 + Long.numberOfTrailingZeros(~(long) i));
            assertThat(done.get(done.size() - 1).node().leafCount()
                            + done.get(done.size() - 1).node().firstLeaf())
                    .isEqualTo(i + 1);
            assertThat(f.peaks()).hasSize(Long.bitCount(i + 1));
            assertThat(f.peakNodes()).hasSize(Long.bitCount(i + 1));
        }
        Frontier copy = Frontier.of(f.size(), f.peaks());
        assertThat(copy).isEqualTo(f);
        assertThat(copy.root()).isEqualTo(f.root());
    }

    @Test
    void frontier_ofTheWrongNumberOfPeaks_isRejected() {
        assertThatThrownBy(() -> Frontier.of(3, List.of(TreeHashes.EMPTY_ROOT)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("peaks");
        assertThatThrownBy(() -> Frontier.of(-1, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("size");
    }

    @Test
    void leafAndNode_useTheirDomainPrefixes() {
        Hash a = TreeHashes.leaf(new byte[0]);
        assertThat(a.toHex()).isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
        assertThat(TreeHashes.node(a, a)).isNotEqualTo(TreeHashes.leaf(concat(a.toBytes(), a.toBytes())));
        Hash record = Hash.fromHex("00".repeat(32));
        assertThat(TreeHashes.leaf(record)).isEqualTo(TreeHashes.leaf(new byte[32]));
    }

    @Test
    void perfectNodes_splitARangeByItsSetBits() {
        assertThat(MerkleProofs.perfectNodes(0, 13))
                .containsExactly(new TreeNode(3, 0), new TreeNode(2, 2), new TreeNode(0, 12));
        assertThat(MerkleProofs.perfectNodes(8, 11)).containsExactly(new TreeNode(1, 4), new TreeNode(0, 10));
        assertThatThrownBy(() -> MerkleProofs.perfectNodes(1, 3))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("range");
        assertThatThrownBy(() -> new TreeNode(63, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("level");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
