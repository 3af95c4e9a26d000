/**
 * Data-subject requests as durable cases: an access, erasure, objection, restriction, rectification or
 * opt-out request, its legal deadline, every transition and every step carried out over the application's
 * own systems, kept as append-only events.
 *
 * <p>Start at {@link dev.consent.requests.DataSubjectRequests#builder()}. A request is opened with a
 * {@link dev.consent.requests.NewRequest}; its deadline comes from the {@link dev.consent.requests.DeadlineRules}
 * of its jurisdiction; every transition is a {@link dev.consent.requests.RequestEvent} stored through a
 * {@link dev.consent.requests.RequestStore} (in memory, or in the ledger's database with
 * {@code JdbcConsentStore.requestStore()}), and the current {@link dev.consent.requests.DataSubjectRequest} is
 * folded from them.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.requests;

import org.jspecify.annotations.NullMarked;
