/**
 * Implementation of the public API. Not API: anything here may change in any release.
 *
 * <p>Glossary, as the names in this package use the words:
 *
 * <dl>
 *   <dt>head (head position)
 *   <dd>The ledger's global position: the highest position assigned so far ({@code headPosition()}, the
 *       {@code ledger_head} row of the JDBC store). Never anything per subject.
 *   <dt>tip
 *   <dd>The top of one subject's hash chain: its latest record overall (highest per-subject sequence), whose
 *       hash the next record links to.
 *   <dt>current state
 *   <dd>A subject's latest record per purpose and latest lifecycle record, as the store answers it
 *       ({@link dev.consent.spi.CurrentState}); a {@code Snapshot} is a current state with
 *       its decisions precomputed for one registry generation.
 *   <dt>current (snapshot)
 *   <dd>Built under the registry's current definitions; {@code SnapshotCache} alone decides it.
 *   <dt>generation
 *   <dd>The number of the registry's view of the purpose definitions; it changes whenever they do.
 *   <dt>guarded store
 *   <dd>The one decorator of the store ({@code GuardedStore}) through which everything here reaches it: it
 *       translates store failures and records the store's health.
 * </dl>
 */
@NullMarked
package dev.consent.internal;

import org.jspecify.annotations.NullMarked;
