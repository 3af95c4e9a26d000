/**
 * The ledger as a transparency log: an RFC 6962 / RFC 9162 Merkle tree over the records in ledger position
 * order, its inclusion and consistency proofs, and checkpoints in the C2SP {@code tlog-checkpoint} format
 * signed as C2SP {@code signed-note}s with Ed25519.
 *
 * <p>The formats are the ones Certificate Transparency, Go's checksum database and Sigstore's Rekor use, so an
 * auditor can check the ledger with tools written elsewhere: {@link dev.consent.merkle.TreeHashes} (leaf and
 * node hashes), {@link dev.consent.merkle.MerkleProofs} (proofs generated from a
 * {@link dev.consent.merkle.SubtreeSource} with a logarithmic number of reads),
 * {@link dev.consent.merkle.InclusionProof} and {@link dev.consent.merkle.ConsistencyProof} (verified here or
 * by any RFC 9162 verifier), {@link dev.consent.merkle.Checkpoint} and
 * {@link dev.consent.merkle.SignedNote} with {@link dev.consent.merkle.NoteSigner} and
 * {@link dev.consent.merkle.NoteVerifier}.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}; values are immutable and
 * thread-safe.
 */
@NullMarked
package dev.consent.merkle;

import org.jspecify.annotations.NullMarked;
