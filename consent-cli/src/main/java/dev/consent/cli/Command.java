package dev.consent.cli;

import dev.consent.merkle.NoteSigner;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One command of the tool: its name (one or two words, such as {@code verify} or {@code requests due}), what
 * it takes and does for {@code --help}, and how it runs. A new command is a class implementing this,
 * registered in {@link Commands#ALL}. Implementations are stateless.
 */
interface Command {
    /** The words that name it on the command line. */
    String name();

    /** Its arguments and options, such as {@code SUBJECT INSTANT}; empty if none. */
    String synopsis();

    /** One line on what it answers. */
    String summary();

    /**
     * The options it takes after its name, each with a value ({@code --html FILE}), by name with its dashes
     * mapped to a description of the value.
     */
    default Map<String, String> options() {
        return Map.of();
    }

    /** Whether {@code option} may be given more than once (each value kept); others may be given once. */
    default boolean repeatable(String option) {
        return false;
    }

    /**
     * Whether it runs on a ledger, and so needs {@code --url} or {@code --h2}. One that does not ({@code keygen})
     * runs without a database: its {@link Invocation} holds none.
     */
    default boolean opensLedger() {
        return true;
    }

    /**
     * The key the ledger is opened with to sign checkpoints ({@code ConsentSystem.builder().checkpointSigner}),
     * read from the command's arguments and options before the database is opened; null (the default) for none.
     *
     * @throws UsageException naming the option if the key cannot be read
     */
    default @Nullable NoteSigner checkpointSigner(List<String> args, Map<String, List<String>> options) {
        return null;
    }

    /**
     * Runs the command.
     *
     * @return the exit code: {@link Exit#OK}, or {@link Exit#FINDING} when it found something to act on
     * @throws UsageException if the arguments are wrong
     * @throws DatabaseException if a database it was pointed at does not answer
     */
    int run(Invocation call);
}
