package dev.consent.cli;

/** A command line that cannot be run; the message says what is wrong. Exit code {@link Exit#USAGE}. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
