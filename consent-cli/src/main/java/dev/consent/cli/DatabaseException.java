package dev.consent.cli;

/**
 * The database named on the command line cannot be used: not reachable, or no ledger of this schema in it.
 * The message names the setting to fix. Exit code {@link Exit#DATABASE}.
 */
final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
