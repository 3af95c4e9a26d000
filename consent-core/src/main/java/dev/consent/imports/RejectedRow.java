package dev.consent.imports;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A row the import did not write, and why. Nothing of it was written.
 *
 * @param row the row's number in the source
 * @param column the column at fault, one of {@link ImportSource#COLUMNS}
 * @param value the value at fault, or {@code null} when the column is missing
 * @param reason what is wrong with it
 */
public record RejectedRow(long row, String column, @Nullable String value, String reason) {
    /** Checks the components. */
    public RejectedRow {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(reason, "reason");
    }
}
