package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The peaks a one-statement append keeps of the head row's frontier, against the peaks' leaf ranges. */
class SharedPeaksTest {

    /** The leaf ranges {@code [start, end)} of the frontier's peaks for {@code size} leaves, largest first. */
    private static List<List<Long>> peaks(long size) {
        List<List<Long>> out = new ArrayList<>();
        long start = 0;
        for (int bit = 62; bit >= 0; bit--) {
            if ((size & (1L << bit)) != 0) {
                out.add(List.of(start, start + (1L << bit)));
                start += 1L << bit;
            }
        }
        return out;
    }

    @Test
    void keepsExactlyTheLeadingPeaksBothFrontiersShare() {
        for (long from = 0; from <= 300; from++) {
            for (long to = from; to <= from + 70; to++) {
                List<List<Long>> a = peaks(from);
                List<List<Long>> b = peaks(to);
                int common = 0;
                while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) {
                    common++;
                }
                assertThat(TreeSql.sharedPeaks(from, to))
                        .as("from %d to %d", from, to)
                        .isEqualTo(common);
            }
        }
    }

    @Test
    void largeSizes() {
        long from = (1L << 40) + (1L << 20) + 6;
        assertThat(TreeSql.sharedPeaks(from, from + 1)).isEqualTo(4);
        assertThat(TreeSql.sharedPeaks(from, from + 2)).isEqualTo(2);
        assertThat(TreeSql.sharedPeaks(from, from)).isEqualTo(4);
        assertThat(TreeSql.sharedPeaks(from, 1L << 41)).isZero();
        assertThat(TreeSql.sharedPeaks(0, 1)).isZero();
    }
}
