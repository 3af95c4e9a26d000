package dev.consent.merkle;

import dev.consent.Hash;
import java.util.ArrayList;
import java.util.List;

/** The recursive definitions of RFC 9162 section 2.1, written out literally over a list of leaf hashes. */
final class Rfc9162 {
    private Rfc9162() {}

    static Hash mth(List<Hash> d) {
        if (d.isEmpty()) {
            return TreeHashes.EMPTY_ROOT;
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = k(d.size());
        return TreeHashes.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static List<Hash> path(int m, List<Hash> d) {
        List<Hash> out = new ArrayList<>();
        int n = d.size();
        if (n <= 1) {
            return out;
        }
        int k = k(n);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(path(m - k, d.subList(k, n)));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    static List<Hash> proof(int m, List<Hash> d) {
        if (m == 0 || m == d.size()) {
            return List.of();
        }
        return subproof(m, d, true);
    }

    private static List<Hash> subproof(int m, List<Hash> d, boolean b) {
        int n = d.size();
        List<Hash> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = k(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }
}
