/**
 * Legacy import: brings consent decisions kept elsewhere (typically a table of booleans) into the ledger with
 * their original times.
 *
 * <p>Start at {@link dev.consent.imports.Importer#builder(dev.consent.ConsentSystem)}. Rows come from an
 * {@link dev.consent.imports.ImportSource}: a CSV file ({@link dev.consent.imports.CsvSource}), a SQL query on a
 * {@code DataSource} ({@link dev.consent.imports.QuerySource}) or any other reader of rows. An {@link dev.consent.imports.ImportMapping}
 * says which purpose and version each purpose name of the source stands for. Every row becomes one record of
 * channel {@link dev.consent.Channel#IMPORT}, at the row's time, idempotently: a second run writes nothing new.
 * The outcome is an {@link dev.consent.imports.ImportReport} to reconcile against the source.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.imports;

import org.jspecify.annotations.NullMarked;
