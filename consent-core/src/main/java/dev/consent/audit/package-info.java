/**
 * Audits a data-protection officer runs over the ledger. {@link dev.consent.audit.DriftAudit} checks a log of
 * processing events (who processed whose data, for which purpose, when) against the ledger: each event that
 * had no valid basis at its instant is a {@link dev.consent.audit.DriftViolation}, decided with the rules of
 * {@link dev.consent.Enforcer#checkAt}, and a {@link dev.consent.audit.DriftReport} sums them up per purpose
 * and per system.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.audit;

import org.jspecify.annotations.NullMarked;
