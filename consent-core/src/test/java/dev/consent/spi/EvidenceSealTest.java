package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Evidence;
import dev.consent.EvidenceKeyMissingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class EvidenceSealTest {
    private final EvidenceKeys keys = EvidenceKeys.inMemory();
    private final UUID record = UUID.randomUUID();

    private static StoredEvidence evidence() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("device", "d-\u2713-1");
        attributes.put("order", "o-42");
        byte[] salt = new byte[16];
        salt[3] = 7;
        return new StoredEvidence(new Evidence("203.0.113.7", "Mozilla/5.0 \u2713", attributes), salt);
    }

    private SecretKey key(String subject) {
        return keys.obtain(List.of(subject)).get(subject);
    }

    @Test
    void sealed_opensToTheSameEvidenceAndSalt() {
        byte[] sealed = EvidenceSeal.seal(evidence(), key("alice"), "alice", record);
        assertThat(EvidenceSeal.open(sealed, key("alice"), "alice", record)).isEqualTo(evidence());
        StoredEvidence none = new StoredEvidence(Evidence.none(), new byte[16]);
        assertThat(EvidenceSeal.open(EvidenceSeal.seal(none, key("bob"), "bob", record), key("bob"), "bob", record))
                .isEqualTo(none);
    }

    @Test
    void theSealedForm_holdsNoPlainTextAndDiffersEachTime() {
        byte[] a = EvidenceSeal.seal(evidence(), key("alice"), "alice", record);
        byte[] b = EvidenceSeal.seal(evidence(), key("alice"), "alice", record);
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("203.0.113.7", "Mozilla", "device");
    }

    @Test
    void anotherKey_anotherSubject_anotherRecord_orAChangedByte_doNotOpen() {
        byte[] sealed = EvidenceSeal.seal(evidence(), key("alice"), "alice", record);
        assertThatThrownBy(() -> EvidenceSeal.open(sealed, key("bob"), "alice", record))
                .isInstanceOf(EvidenceKeyMissingException.class)
                .hasMessageContaining("alice");
        assertThatThrownBy(() -> EvidenceSeal.open(sealed, key("alice"), "bob", record))
                .isInstanceOf(EvidenceKeyMissingException.class);
        assertThatThrownBy(() -> EvidenceSeal.open(sealed, key("alice"), "alice", UUID.randomUUID()))
                .isInstanceOf(EvidenceKeyMissingException.class);
        byte[] changed = sealed.clone();
        changed[changed.length - 20] ^= 1;
        assertThatThrownBy(() -> EvidenceSeal.open(changed, key("alice"), "alice", record))
                .isInstanceOf(EvidenceKeyMissingException.class);
        assertThatThrownBy(() -> EvidenceSeal.open(new byte[5], key("alice"), "alice", record))
                .isInstanceOf(EvidenceKeyMissingException.class)
                .hasMessageContaining("unknown format");
    }

    @Test
    void inMemoryKeys_keepOneKeyPerSubject_untilDestroyed() {
        byte[] first = key("alice").getEncoded();
        assertThat(first).hasSize(32);
        assertThat(key("alice").getEncoded()).isEqualTo(first);
        assertThat(keys.find(List.of("alice", "nobody"))).containsOnlyKeys("alice");
        keys.destroy(List.of("alice", "nobody"));
        assertThat(keys.find(List.of("alice"))).isEmpty();
        assertThat(key("alice").getEncoded()).isNotEqualTo(first);
    }
}
