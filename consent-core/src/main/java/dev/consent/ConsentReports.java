package dev.consent;

import java.time.Instant;

/**
 * Reports over the whole ledger for data-protection officers and regulators. Thread-safe. Each report is
 * computed by the store (the JDBC store counts in SQL, in a bounded number of statements) and reads no
 * evidence.
 */
public interface ConsentReports {
    /**
     * The transparency report over the period {@code [from, to)}: per purpose, the decisions recorded in the
     * period and the state at its end. See {@link TransparencyReport} for what each figure counts.
     *
     * @param from the start of the period, inclusive
     * @param to the end of the period, exclusive; after {@code from}
     * @throws InvalidInputException if {@code to} is not after {@code from}, or either has a precision finer than
     *     a millisecond (record times have millisecond precision) or lies beyond the range of epoch milliseconds
     *     in a long (use a real date, not {@link Instant#MIN} or {@link Instant#MAX})
     * @throws StoreUnavailableException if the store failed
     */
    TransparencyReport transparency(Instant from, Instant to);
}
