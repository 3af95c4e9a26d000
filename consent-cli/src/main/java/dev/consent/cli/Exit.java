package dev.consent.cli;

/** The exit codes of {@code consent-cli}, which scripts rely on: they never change meaning. */
final class Exit {
    /** The command ran and found nothing wrong. */
    static final int OK = 0;
    /**
     * The command ran and found something to act on: verification problems (of the chains, or of the Merkle log
     * against a checkpoint, whose signature may also not verify), an inclusion proof that does not verify, overdue
     * requests, no record of an id, import rows rejected (listed in the report; the other rows were imported),
     * processing events without a valid basis (drift).
     */
    static final int FINDING = 1;
    /** The command line is wrong: an unknown command or option, a missing or malformed argument. */
    static final int USAGE = 2;
    /** The database cannot be reached, or holds no ledger of the expected schema (version, table prefix). */
    static final int DATABASE = 3;

    /**
     * Anything else: a failure the tool did not expect (a bug, or the JVM out of memory); the message and
     * stack trace are on standard error. Never 1, so a crash is not mistaken for a finding.
     */
    static final int FAILURE = 4;

    private Exit() {}

    /** The exit codes as the help text lists them. */
    static String help() {
        return """
                exit codes:
                  0  ok
                  1  a finding: verify found problems (with --since: records missing or changed since the
                     checkpoint, or its signature not verified), prove's proof does not verify, requests
                     overdue lists some, record or prove found none, import rejected rows (listed; the
                     others were imported), drift found events without a valid basis
                  2  bad usage: unknown command or option, missing or malformed argument, a file or query
                     that cannot be read as rows or events (missing column), --map naming no purpose, a
                     key or checkpoint file that is missing or not one, an --out file that exists
                  3  the database cannot be reached (--url, --h2, --user, --password, --source-url)
                     or has no ledger of this version with the table prefix (--prefix)
                  4  an unexpected failure (the stack trace is on standard error)
                """;
    }
}
