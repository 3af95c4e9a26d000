/**
 * Retention automation: storage limitation (GDPR Art. 5(1)(e)) as rules a scheduled job applies to the ledger.
 *
 * <p>Start at {@link dev.consent.retention.Retention#builder()}. A {@link dev.consent.retention.RetentionRule}
 * says what goes and when: the evidence beside records (IP address, user agent, attributes) some period after
 * each record, for every purpose or those of one category; or a whole subject, erased as
 * {@link dev.consent.ConsentLedger#erase} erases, some period after their last record. A dry run counts what a
 * run would do; a run does it in batches and reports it in a {@link dev.consent.retention.RetentionRun}.
 * Records themselves are never deleted: their digests keep proving the decisions and every chain still
 * verifies.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.retention;

import org.jspecify.annotations.NullMarked;
