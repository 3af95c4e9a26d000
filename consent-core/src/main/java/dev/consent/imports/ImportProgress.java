package dev.consent.imports;

/**
 * How far an import run has come, handed to the progress callback of {@link Importer.Builder#progress}.
 *
 * @param rowsRead rows read from the source so far in this run, including rows skipped by the checkpoint
 * @param recordsWritten records written so far
 * @param alreadyPresent rows found already imported so far
 * @param rowsRejected rows rejected so far
 */
public record ImportProgress(long rowsRead, long recordsWritten, long alreadyPresent, long rowsRejected) {}
