/**
 * The kit's contracts that exercise the decision rules, snapshots, past decisions and verification, each as a
 * top-level class on the memory store, for the mutation profile ({@code -Pmutation}) to run against the mutants.
 * Their names end in {@code Mutants}, so the ordinary test run leaves them to {@code InMemoryStoreKitTest}.
 */
package dev.consent.memory.mutation;
