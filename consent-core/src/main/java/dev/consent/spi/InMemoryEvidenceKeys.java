package dev.consent.spi;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link EvidenceKeys#inMemory()}: 256-bit keys from a {@link SecureRandom}, by subject, in a concurrent map.
 * The map holds the raw bytes so that {@link #destroy} can overwrite them; a {@link SecretKey} handed out is a
 * copy made per call. Thread-safe.
 */
final class InMemoryEvidenceKeys implements EvidenceKeys {
    private final ConcurrentHashMap<String, byte[]> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    @Override
    public Map<String, SecretKey> obtain(Collection<String> subjects) {
        Map<String, SecretKey> out = new LinkedHashMap<>();
        for (String subject : subjects) {
            byte[] key = keys.computeIfAbsent(subject, s -> {
                byte[] k = new byte[32];
                random.nextBytes(k);
                return k;
            });
            out.put(subject, new SecretKeySpec(key, "AES"));
        }
        return out;
    }

    @Override
    public Map<String, SecretKey> find(Collection<String> subjects) {
        Map<String, SecretKey> out = new LinkedHashMap<>();
        for (String subject : subjects) {
            byte[] key = keys.get(subject);
            if (key != null) {
                out.put(subject, new SecretKeySpec(key, "AES"));
            }
        }
        return out;
    }

    @Override
    public void destroy(Collection<String> subjects) {
        for (String subject : subjects) {
            byte[] key = keys.remove(subject);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "EvidenceKeys.inMemory[" + keys.size() + " keys]";
    }
}
