package dev.consent;

import dev.consent.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Evidence of a decision that is itself personal data: the IP address, the user agent, and free
 * attributes (such as a device id). It is stored apart from the record and enters the record's hash only
 * as a salted digest, so it can be erased without breaking the proof.
 *
 * @param ipAddress the client's IP address, or {@code null}
 * @param userAgent the client's user agent, or {@code null}
 * @param attributes further evidence, by name; an unmodifiable, sorted copy
 */
public record Evidence(@Nullable String ipAddress, @Nullable String userAgent, Map<String, String> attributes) {
    /** Longest accepted user agent or attribute value. */
    public static final int MAX_VALUE_LENGTH = Limits.MAX_EVIDENCE_VALUE_LENGTH;
    /** Most attributes accepted. */
    public static final int MAX_ATTRIBUTES = Limits.MAX_ATTRIBUTES;

    private static final Evidence NONE = new Evidence(null, null, Map.of());

    /** Validates and copies the components. */
    public Evidence {
        Checks.optionalText("evidence.ipAddress", ipAddress, Limits.MAX_IP_ADDRESS_LENGTH);
        Checks.optionalText("evidence.userAgent", userAgent, MAX_VALUE_LENGTH);
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new InvalidInputException(
                    "evidence.attributes",
                    attributes.size() + " entries",
                    "must have at most " + MAX_ATTRIBUTES + " entries");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String key = Checks.text("evidence.attributes key", e.getKey(), Limits.MAX_ATTRIBUTE_NAME_LENGTH);
            copy.put(key, Checks.text("evidence.attributes[" + key + "]", e.getValue(), MAX_VALUE_LENGTH));
        }
        attributes = java.util.Collections.unmodifiableMap(copy);
    }

    /** No evidence. */
    public static Evidence none() {
        return NONE;
    }

    /**
     * The usual web evidence.
     *
     * @param ipAddress the client's IP address, or {@code null}
     * @param userAgent the client's user agent, or {@code null}
     */
    public static Evidence of(@Nullable String ipAddress, @Nullable String userAgent) {
        return new Evidence(ipAddress, userAgent, Map.of());
    }

    /** Whether this holds nothing at all. */
    public boolean isEmpty() {
        return ipAddress == null && userAgent == null && attributes.isEmpty();
    }
}
