package dev.consent.testkit.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.spi.ConsentStore;
import dev.consent.testkit.model.Step.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The model-based property test of the decision rules over a store: thousands of random histories of purpose
 * definitions (editorial, material, retirement), grants, refusals, withdrawals, objections and their
 * withdrawal, links of visitors to accounts, erasures, deaths and clock moves (by durations, by calendar
 * months, and to the millisecond of an expiry and the one before), each played on a fresh system over a fresh
 * store, and every answer compared with an independent model of the documented decision table ({@link Model}):
 * cached, live, at-least-as-fresh, {@code require}, {@code checkAll}, {@code filterAllowed} after every step,
 * then {@code checkAt} and the past decisions of the drift audit at every instant worth asking about, and
 * {@code verify()}. A failing history is shrunk to a minimal one, which the failure prints with its seed.
 *
 * <p>The number of histories is the system property {@value #HISTORIES}, else {@link #histories()} times
 * {@code consent.reliability.scale} (10 in the {@code soak} profile). The seed of the first history is
 * {@value #SEED} when set, else random: a failure names it, and {@code -Dconsent.model.seed=...} replays it.
 * A store module runs this from a subclass implementing {@link #newStore()}.
 */
public abstract class DecisionModelContract {
    /** The system property that sets the number of histories. */
    public static final String HISTORIES = "consent.model.histories";
    /** The system property that sets the seed of the first history. */
    public static final String SEED = "consent.model.seed";

    /** The system property that turns shrinking off ({@code false}), as mutation testing does. */
    public static final String SHRINK = "consent.model.shrink";

    private static final int MAX_LENGTH = 24;
    private static final List<Instant> STARTS = List.of(
            Instant.parse("2024-01-30T22:15:00Z"), // a month later is the end of February in a leap year
            Instant.parse("2023-01-31T23:59:59.999Z"),
            Instant.parse("2024-03-05T14:14:00Z"));

    /** Creates the contract; JUnit does, once per test. */
    protected DecisionModelContract() {}

    /** A fresh, empty store; closed by the contract after one history. */
    protected abstract ConsentStore newStore();

    /** How many histories a run plays at scale 1. */
    protected int histories() {
        return 1_000;
    }

    @Test
    void randomHistories_answerEverywhereAsTheModelSays() {
        int histories = Integer.getInteger(HISTORIES, histories() * Integer.getInteger("consent.reliability.scale", 1));
        long first = Long.getLong(SEED, new Random().nextLong());
        Run.Counts counts = new Run.Counts();
        for (int i = 0; i < histories; i++) {
            long seed = first + i;
            Instant start = STARTS.get(Math.floorMod(seed, STARTS.size()));
            List<Step> steps = Steps.random(seed, MAX_LENGTH);
            String failure = play(start, steps, counts);
            if (failure != null && !Boolean.parseBoolean(System.getProperty(SHRINK, "true"))) {
                throw new AssertionError("history " + (i + 1) + " of seed " + seed + ": " + failure);
            }
            if (failure != null) {
                List<Step> minimal = Shrinker.shrink(steps, s -> play(start, s, new Run.Counts()) != null, 500);
                String replay = play(start, minimal, new Run.Counts());
                throw new AssertionError("history " + (i + 1) + " of seed " + seed + " (-D" + SEED + "=" + seed
                        + " replays it) starting " + start + ": " + failure + "\nshrunk from " + steps.size()
                        + " to " + minimal.size() + " steps:\n  "
                        + minimal.stream().map(Step::toString).collect(Collectors.joining("\n  "))
                        + "\nwhere it fails as: " + replay);
            }
        }
        assertThat(counts.steps).as("steps played").isGreaterThanOrEqualTo(histories);
        System.out.printf(
                "decision model: %d histories, %d steps, %d answers compared (first seed %d)%n",
                histories, counts.steps, counts.answers, first);
    }

    /** The shrinking keeps exactly the steps a failure needs, so a failing history is short enough to read. */
    @Test
    void shrinking_keepsOnlyTheStepsAFailureNeeds() {
        List<Step> history = Steps.random(42, 200);
        Step grant = new Step(Kind.GRANT, 0, 0, 0);
        Step erase = new Step(Kind.ERASE, 0, 0, 0);
        List<Step> failing = new java.util.ArrayList<>(history);
        failing.add(history.size() / 3, grant);
        failing.add(2 * history.size() / 3, erase);
        // fails when the grant comes before the erasure
        List<Step> minimal = Shrinker.shrink(
                failing, s -> s.contains(grant) && s.contains(erase) && s.indexOf(grant) < s.indexOf(erase), 10_000);
        assertThat(minimal).containsExactly(grant, erase);
    }

    private @Nullable String play(Instant start, List<Step> steps, Run.Counts counts) {
        ConsentStore store = newStore();
        try {
            return Run.play(store, start, steps, counts);
        } finally {
            store.close();
        }
    }
}
