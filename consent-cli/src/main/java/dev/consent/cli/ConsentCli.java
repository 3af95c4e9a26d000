package dev.consent.cli;

import dev.consent.ConsentException;
import dev.consent.InvalidInputException;
import dev.consent.StoreUnavailableException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar consent-cli.jar}: reads the command line, opens the ledger it names, runs one command and
 * exits with a code scripts can rely on ({@link Exit}). The commands are listed by {@code --help} and
 * registered in {@link Commands}. Each run is independent; the class holds no state.
 */
public final class ConsentCli {
    private ConsentCli() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, System.console() != null));
    }

    /**
     * Runs the command line, printing the answer on {@code out} and progress and errors on {@code err}.
     *
     * @param live whether {@code err} is a terminal (progress redraws in place)
     * @return the exit code
     */
    static int run(List<String> args, PrintStream out, PrintStream err, boolean live) {
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (UsageException e) {
            err.println("consent-cli: " + e.getMessage());
            err.println("run with --help for the commands and options");
            return Exit.USAGE;
        }
        if (parsed.help) {
            out.print(help());
            return Exit.OK;
        }
        Command command = parsed.command;
        try (Database db = command.opensLedger()
                ? Database.open(
                        Objects.requireNonNull(parsed.settings), command.checkpointSigner(parsed.args, parsed.options))
                : null) {
            Invocation call = new Invocation(
                    parsed.args,
                    parsed.options,
                    parsed.json,
                    db == null ? null : db.consent,
                    db == null ? null : db.requests,
                    db == null ? null : db.dataSource(),
                    new Output(out),
                    new Progress(err, !parsed.quiet, live));
            return command.run(call);
        } catch (UsageException | InvalidInputException e) {
            err.println("consent-cli " + command.name() + ": " + e.getMessage());
            err.println("usage: " + line(command));
            return Exit.USAGE;
        } catch (DatabaseException | StoreUnavailableException e) {
            err.println("consent-cli: " + e.getMessage());
            return Exit.DATABASE;
        } catch (ConsentException e) {
            err.println("consent-cli " + command.name() + ": " + e.getMessage());
            return Exit.USAGE;
        } catch (RuntimeException e) {
            err.println("consent-cli " + command.name() + ": unexpected failure");
            e.printStackTrace(err);
            return Exit.FAILURE;
        } finally {
            out.flush();
        }
    }

    /** The command line, read. */
    private static final class Parsed {
        boolean help;
        boolean json;
        boolean quiet;

        @Nullable
        Command command;

        List<String> args = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        Database.@Nullable Settings settings;
    }

    private static Parsed parse(List<String> args) {
        Parsed p = new Parsed();
        Map<String, String> global = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> p.help = true;
                case "--json" -> p.json = true;
                case "--quiet" -> p.quiet = true;
                case "--url", "--user", "--password", "--prefix", "--h2" -> {
                    if (!rest.isEmpty()) {
                        throw new UsageException(a + " must come before the command");
                    }
                    if (i + 1 >= args.size()) {
                        throw new UsageException(a + " needs a value");
                    }
                    if (global.put(a, args.get(++i)) != null) {
                        throw new UsageException(a + " given twice");
                    }
                }
                default -> rest.add(a);
            }
        }
        if (p.help) {
            return p;
        }
        if (rest.isEmpty()) {
            throw new UsageException("no command given");
        }
        Command command = Commands.find(rest)
                .orElseThrow(() -> new UsageException("unknown command " + String.join(" ", rest.subList(0, 1))));
        p.command = command;
        List<String> after = rest.subList(command.name().split(" ").length, rest.size());
        for (int i = 0; i < after.size(); i++) {
            String a = after.get(i);
            if (a.startsWith("--")) {
                if (!command.options().containsKey(a)) {
                    throw new UsageException(
                            "unknown option " + a + " for " + command.name() + "; usage: " + line(command));
                }
                if (i + 1 >= after.size()) {
                    throw new UsageException(
                            a + " needs a value: " + command.options().get(a));
                }
                List<String> values = p.options.computeIfAbsent(a, k -> new ArrayList<>());
                if (!values.isEmpty() && !command.repeatable(a)) {
                    throw new UsageException(a + " given twice; usage: " + line(command));
                }
                values.add(after.get(++i));
            } else {
                p.args.add(a);
            }
        }
        String url = global.get("--url");
        String h2 = global.get("--h2");
        if (!command.opensLedger()) {
            return p;
        }
        if ((url == null) == (h2 == null)) {
            throw new UsageException("name the database with either --url JDBC_URL or --h2 FILE");
        }
        String prefix = Optional.ofNullable(global.get("--prefix")).orElse("consent_");
        p.settings = h2 != null
                ? Database.Settings.h2(h2, global.get("--user"), global.get("--password"), prefix)
                : new Database.Settings(url, null, global.get("--user"), global.get("--password"), prefix);
        return p;
    }

    private static String line(Command c) {
        StringBuilder s = new StringBuilder(c.name());
        if (!c.synopsis().isEmpty()) {
            s.append(' ').append(c.synopsis());
        }
        return s.toString();
    }

    static String help() {
        StringBuilder s = new StringBuilder();
        s.append("usage: java -jar consent-cli.jar (--url JDBC_URL [--user U] [--password P] | --h2 FILE)\n")
                .append("                                 [--prefix consent_] [--json] [--quiet] COMMAND [ARGUMENTS]\n")
                .append(
                        "\nReads a consent ledger (PostgreSQL, MariaDB/MySQL or H2); only import writes to it, and only new\n")
                .append("records (channel IMPORT), once each.\n")
                .append("\noptions:\n")
                .append(
                        "  --url JDBC_URL    the database, such as jdbc:postgresql://host:5432/app (keygen needs none)\n")
                .append("  --h2 FILE         an H2 database file (FILE.mv.db), such as the example's --h2 run writes\n")
                .append("  --user, --password  the database login (H2 files: sa and none unless given)\n")
                .append("  --prefix P        the ledger's table prefix (consent_)\n")
                .append("  --json            print JSON instead of tables (every command)\n")
                .append("  --quiet           no progress on standard error\n")
                .append("\ncommands:\n");
        for (Command c : Commands.ALL) {
            s.append(String.format("  %-44s %s%n", line(c), c.summary()));
            c.options().forEach((name, what) -> s.append(String.format("  %-44s %s%n", "    " + name, what)));
        }
        s.append("  INSTANT, FROM, TO: an ISO-8601 instant (2026-03-10T12:00:00Z) or a date (its UTC midnight)\n")
                .append("  FILE.csv: a header naming user_id,purpose,granted,collected_at (required) and ip_address,\n")
                .append("    user_agent,policy_version,mechanism; a query's columns by the same names (any case)\n")
                .append(
                        "  EVENTS.csv: a header naming subject,purpose,at,system (at: an ISO-8601 instant); a query's\n")
                .append("    columns by the same names (at: a timestamp, epoch milliseconds or an ISO-8601 instant)\n")
                .append("  CHECKPOINT_FILE: a signed checkpoint as checkpoint writes it (the note, or its --json)\n")
                .append("  KEY: a verifier key as keygen prints it (origin+keyid+base64)\n\n");
        return s.append(Exit.help()).toString();
    }
}
