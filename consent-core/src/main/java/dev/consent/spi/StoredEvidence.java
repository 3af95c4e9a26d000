package dev.consent.spi;

import dev.consent.Evidence;
import java.util.Arrays;
import java.util.Objects;

/**
 * Evidence as stored: the evidence itself and the random salt of its digest. Both are deleted on
 * erasure, so the digest left in the record cannot be brute-forced back to, say, an IP address.
 *
 * @param evidence the evidence
 * @param salt the salt, 16 random bytes
 */
public record StoredEvidence(Evidence evidence, byte[] salt) {
    /** Copies the salt. */
    public StoredEvidence {
        Objects.requireNonNull(evidence, "evidence");
        salt = salt.clone();
        if (salt.length != dev.consent.Limits.SALT_LENGTH) {
            throw new dev.consent.InvalidInputException(
                    "salt", salt.length + " bytes", "must be " + dev.consent.Limits.SALT_LENGTH + " bytes");
        }
    }

    /** A copy of the salt. */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEvidence s && evidence.equals(s.evidence) && Arrays.equals(salt, s.salt);
    }

    @Override
    public int hashCode() {
        return evidence.hashCode() * 31 + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "StoredEvidence[redacted]";
    }
}
