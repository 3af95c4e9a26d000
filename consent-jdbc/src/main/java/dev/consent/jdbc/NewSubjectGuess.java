package dev.consent.jdbc;

import dev.consent.spi.BuiltAppends;
import dev.consent.spi.CurrentState;
import dev.consent.spi.SubjectAppend;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Whether to build an append for a subject the caller knows nothing of on the empty state (the subject taken as
 * new) instead of reading its state first. A right guess saves the read; a wrong one costs a failed statement
 * (the unique key on the subject's first sequence rejects it) and the batch runs again, reading. So the store
 * guesses while most such subjects turn out new (as on a cookie banner's first visit), and reads while most
 * do not: each outcome seen, whether from a guess or a read, moves a bounded credit, up by one for a new
 * subject and down by {@link #MISS_COST} for a known one; the store guesses while the credit is positive,
 * that is while at least about four in five such subjects were new. Thread-safe.
 */
final class NewSubjectGuess {
    /** The credit's bound either way. */
    static final int BOUND = 64;
    /** What a subject that was not new takes from the credit. */
    static final int MISS_COST = 4;

    private final AtomicInteger credit = new AtomicInteger(BOUND / 2);

    /**
     * A caller's append, built on its own thread on {@code known}, or on the empty state while subjects the
     * caller knows nothing of mostly turn out new; left to build on the state read in the batch when there is
     * neither, or when the builder returns nothing or throws on that unread state.
     *
     * @throws dev.consent.InvalidInputException if the builder returned an append that is not the one asked for
     */
    GroupCommit.Pending pending(
            String subject,
            String interactionId,
            @Nullable CurrentState known,
            Function<CurrentState, @Nullable SubjectAppend> build) {
        java.util.Objects.requireNonNull(subject, "subject");
        java.util.Objects.requireNonNull(interactionId, "interactionId");
        java.util.Objects.requireNonNull(build, "build");
        CurrentState base = known != null ? known : guessNew() ? new CurrentState(subject, List.of(), 0) : null;
        SubjectAppend prebuilt = null;
        if (base != null) {
            try {
                prebuilt = build.apply(base);
            } catch (RuntimeException e) {
                // it may be the state that was not current: the builder is called again on the state read
                prebuilt = null;
            }
            if (prebuilt != null) {
                BuiltAppends.check(prebuilt, subject, interactionId, base);
            }
        }
        return new GroupCommit.Pending(subject, interactionId, build, known == null, prebuilt);
    }

    /** Whether to take a subject the caller knows nothing of as new. */
    boolean guessNew() {
        return credit.get() > 0;
    }

    /** Learns whether a subject the caller knew nothing of was new. */
    void observed(boolean wasNew) {
        // read first: at the bound, as while guessing right, nothing is written
        if (wasNew && credit.get() < BOUND) {
            credit.getAndUpdate(c -> Math.min(BOUND, c + 1));
        } else if (!wasNew) {
            credit.getAndUpdate(c -> Math.max(-BOUND, c - MISS_COST));
        }
    }

    /** The credit now, for tests. */
    int credit() {
        return credit.get();
    }
}
