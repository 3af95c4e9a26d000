package dev.consent.cli;

import dev.consent.ConsentSystem;
import dev.consent.requests.DataSubjectRequests;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What a command runs with: its arguments and options, the ledger and request desk opened from the command
 * line, where to print, and the progress display.
 *
 * @param args the arguments after the command's name, options removed
 * @param options the command's options given, by name (with dashes), each with its values in the order given
 * @param json whether {@code --json} was given: print JSON instead of tables
 * @param consent the ledger's system; null for a command that opens no ledger ({@link Command#opensLedger()})
 * @param requests the data-subject request desk over the same database; null when no ledger is open
 * @param database the ledger's database, for commands that also read other tables of it; null when no ledger is
 *     open
 * @param out the output
 * @param progress progress on standard error
 */
record Invocation(
        List<String> args,
        Map<String, List<String>> options,
        boolean json,
        @Nullable ConsentSystem consent,
        @Nullable DataSubjectRequests requests,
        @Nullable DataSource database,
        Output out,
        Progress progress) {
    /** The ledger's system; only a command that opens no ledger finds none. */
    @Override
    public ConsentSystem consent() {
        return opened(consent);
    }

    /** The data-subject request desk; only a command that opens no ledger finds none. */
    @Override
    public DataSubjectRequests requests() {
        return opened(requests);
    }

    /** The ledger's database; only a command that opens no ledger finds none. */
    @Override
    public DataSource database() {
        return opened(database);
    }

    private static <T> T opened(@Nullable T part) {
        if (part == null) {
            throw new IllegalStateException("this command opens no ledger (Command.opensLedger is false)");
        }
        return part;
    }

    /** The option's value, or null when not given. */
    @Nullable
    String option(String name) {
        List<String> values = options.get(name);
        return values == null ? null : values.get(values.size() - 1);
    }

    /** Every value of a repeatable option, in the order given; empty when not given. */
    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    /**
     * The arguments, checked to be {@code count} in number.
     *
     * @throws UsageException naming the expected ones otherwise
     */
    List<String> expect(int count, String names) {
        if (args.size() != count) {
            throw new UsageException("expected " + (count == 0 ? "no arguments" : names) + ", got "
                    + (args.isEmpty() ? "none" : String.join(" ", args)));
        }
        return args;
    }

    /**
     * Argument {@code index} as a record id.
     *
     * @throws UsageException naming {@code field} if it is not a UUID
     */
    UUID recordId(int index, String field) {
        String text = args.get(index);
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(
                    field + " must be a record id such as 3f2b8c1e-7d4a-4b6e-9c1f-2a5d8e9b0c7d, not " + text);
        }
    }

    /**
     * Argument {@code index} as an instant: ISO-8601 ({@code 2026-03-10T12:00:00Z}), or a date read as its UTC
     * midnight.
     *
     * @throws UsageException naming {@code field} if it is neither
     */
    Instant instant(int index, String field) {
        String text = args.get(index);
        try {
            return text.contains("T")
                    ? Instant.parse(text)
                    : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    field + " " + text + " is not an instant (2026-03-10T12:00:00Z) or a date (2026-03-10)");
        }
    }
}
