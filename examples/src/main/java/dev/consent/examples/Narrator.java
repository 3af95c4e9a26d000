package dev.consent.examples;

import dev.consent.Decision;
import java.io.PrintStream;

/**
 * Tells the newsletter story: where it prints, the clock the story moves forward, and the numbered step
 * headings. Shared by the steps of {@link NewsletterStory} and {@link ProofSteps}; not thread-safe (the
 * story runs on one thread).
 */
final class Narrator {
    final PrintStream out;
    final SettableClock clock;
    private int step;

    Narrator(PrintStream out, SettableClock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** Prints the next step's numbered title, the story's time, and the lines that explain the step. */
    void heading(String title, String... explanation) {
        step++;
        String text = "Step " + step + ". " + title;
        out.println();
        out.println(text);
        out.println("=".repeat(text.length()));
        out.println("Time: " + Format.time(clock.instant()));
        for (String line : explanation) {
            out.println(line);
        }
        out.println();
    }

    static String yesNo(Decision d) {
        return d.allowed() ? "yes" : "no";
    }
}
