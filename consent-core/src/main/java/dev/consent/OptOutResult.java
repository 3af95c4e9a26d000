package dev.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What honouring an opt-out preference signal did ({@link ConsentLedger#honourOptOutSignal}). Immutable.
 *
 * @param subject the subject that sent the signal
 * @param signal the signal
 * @param writes what was appended: first for {@code subject}, then for each account it is linked to (as the
 *     anonymous id), in link order; a write with no records means that subject was already opted out of every
 *     sale or sharing purpose (or is erased or deceased) and nothing was written; unmodifiable
 * @param conflicts the explicit opt-ins the signal overrode: for each subject written, the latest record of a
 *     sale or sharing purpose that was an unexpired grant ({@link Action#GRANTED}) just before the opt-out; an
 *     application may tell the person of the conflict (Cal. Code Regs. tit. 11 §7025(c)(3)), but the opt-out is
 *     applied; unmodifiable
 */
public record OptOutResult(
        String subject, OptOutSignal signal, List<WriteResult> writes, List<ConsentRecord> conflicts) {
    /** Copies the lists. */
    public OptOutResult {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(signal, "signal");
        writes = List.copyOf(writes);
        conflicts = List.copyOf(conflicts);
    }

    /** Whether anything was written: {@code false} when every subject was already opted out. */
    public boolean changed() {
        for (WriteResult w : writes) {
            if (!w.records().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Every record written, of every subject, in the order of {@link #writes()}; unmodifiable. */
    public List<ConsentRecord> records() {
        List<ConsentRecord> out = new ArrayList<>();
        for (WriteResult w : writes) {
            out.addAll(w.records());
        }
        return List.copyOf(out);
    }

    /**
     * The highest ledger position of the writes: a freshness token for {@link Consistency#atLeast(long)}, so a
     * check on another node sees the opt-out.
     */
    public long position() {
        long max = 0;
        for (WriteResult w : writes) {
            max = Math.max(max, w.position());
        }
        return max;
    }
}
