/**
 * {@code consent-cli}: the questions a data-protection officer asks of a consent ledger in a database, from a
 * terminal or a script, the drift audit of processing logs, and the import of legacy consent decisions (the one
 * command that writes). {@link dev.consent.cli.ConsentCli} reads the command line; each command is a small
 * class registered in {@code Commands}. Built on the public API only.
 *
 * <p>Everything in this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.consent.cli;

import org.jspecify.annotations.NullMarked;
