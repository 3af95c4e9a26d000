package dev.consent.cli;

import java.util.List;
import java.util.Optional;

/**
 * Every command of the tool, in the order {@code --help} lists them: the one place a command is added.
 * Names of two words ({@code requests due}) are matched before one-word names.
 */
final class Commands {
    static final List<Command> ALL = List.of(
            new StateCommand(),
            new ExportCommand(),
            new ReceiptCommand(),
            new ReportCommand(),
            new VerifyCommand(),
            new CheckpointCommands.Keygen(),
            new CheckpointCommands.Checkpoint(),
            new ProveCommand(),
            new TombstonesCommand(),
            new RequestCommands.Due(),
            new RequestCommands.Overdue(),
            new RequestCommands.Report(),
            new RequestCommands.Show(),
            new RecordCommand(),
            new ImportCommand(),
            new DriftCommand());

    private Commands() {}

    /** The command whose name the words start with, longest name first. */
    static Optional<Command> find(List<String> words) {
        Command best = null;
        for (Command c : ALL) {
            List<String> name = List.of(c.name().split(" "));
            if (words.size() >= name.size()
                    && words.subList(0, name.size()).equals(name)
                    && (best == null || name.size() > best.name().split(" ").length)) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }
}
