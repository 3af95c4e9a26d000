package dev.consent.imports;

import dev.consent.InvalidInputException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of an import source: its number and its values by column name ({@link ImportSource#USER_ID} and the
 * other column constants). A column absent from the map is missing in this row. Immutable.
 *
 * @param number the row's number in the source, from 1, increasing; the import's checkpoint and its rejections
 *     name rows by it
 * @param values the values by column name
 */
public record SourceRow(long number, Map<String, String> values) {
    /** Checks and copies the components. */
    public SourceRow {
        if (number < 1) {
            throw new InvalidInputException("number", number, "must be 1 or more");
        }
        values = Map.copyOf(values);
    }

    /** The value of {@code column}, or {@code null} if this row lacks it. */
    public @Nullable String value(String column) {
        return values.get(Objects.requireNonNull(column, "column"));
    }
}
