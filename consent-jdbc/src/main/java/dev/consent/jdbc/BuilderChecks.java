package dev.consent.jdbc;

import dev.consent.InvalidInputException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of {@link JdbcConsentStore.Builder}: each setting given once, and a bad value rejected at once with
 * the value in the message.
 */
final class BuilderChecks {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

    private final Set<String> given = new HashSet<>();

    /** Rejects {@code setting} if it was given before. */
    void once(String setting) {
        if (!given.add(setting)) {
            throw new IllegalStateException(setting + " was already set");
        }
    }

    static String tablePrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new InvalidInputException(
                    "tablePrefix",
                    prefix,
                    "must be a lowercase letter followed by at most 29 lowercase letters, digits or underscores");
        }
        return prefix;
    }

    static Duration queryTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException("queryTimeout", timeout, "must be between 1 second and 1 hour");
        }
        return timeout;
    }

    static javax.crypto.SecretKey masterKey(javax.crypto.SecretKey key) {
        Objects.requireNonNull(key, "key");
        byte[] bytes = key.getEncoded();
        if (bytes == null || bytes.length < 32) {
            throw new InvalidInputException(
                    "evidenceMasterKey",
                    bytes == null ? "unencodable" : bytes.length + " bytes",
                    "must have 32 bytes or more");
        }
        return key;
    }
}
