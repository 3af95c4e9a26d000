/**
 * The consent ledger in a relational database through Jdbi: {@link dev.consent.jdbc.JdbcConsentStore} for
 * H2 (the embedded default), PostgreSQL and MariaDB (MySQL shares MariaDB's dialect), with its versioned
 * schema scripts under {@code dev/consent/jdbc/schema/<dialect>/} on the class path.
 *
 * <p><b>Tables.</b> {@code <prefix>record} (append-only: the library never updates or deletes a row of it),
 * {@code <prefix>interaction} (the idempotency key per subject and interaction), {@code <prefix>current_state}
 * (one row per subject and purpose pointing at its latest record, kept in the append's transaction; see
 * {@link dev.consent.jdbc.JdbcConsentStore#rebuildCurrentState()}), {@code <prefix>evidence} (the only rows
 * ever deleted: on erasure, with the subject's key row), {@code <prefix>purpose}, {@code <prefix>ledger_head} and
 * {@code <prefix>schema_version} (script V1), and the relays' {@code <prefix>relay} and
 * {@code <prefix>relay_dead_letter} (script V2, see {@link dev.consent.jdbc.JdbcConsentStore#relayState()}),
 * {@code <prefix>subject_link} with the purpose columns of consent receipts (script V3), and the events of
 * data-subject requests, {@code <prefix>request_event} (script V4, see
 * {@link dev.consent.jdbc.JdbcConsentStore#requestStore()}). Script V8 seals the evidence under per-subject data
 * keys kept in {@code <prefix>evidence_key} (see {@link dev.consent.jdbc.EvidenceAtRest}). The scripts are
 * on the class path under {@link dev.consent.jdbc.Dialect#scriptFolder()}.
 *
 * <p>The public types of this package are API; every package-private type is implementation.
 */
@NullMarked
package dev.consent.jdbc;

import org.jspecify.annotations.NullMarked;
