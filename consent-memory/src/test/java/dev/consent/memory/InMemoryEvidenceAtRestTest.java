package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.EvidenceKeyMissingException;
import dev.consent.spi.EvidenceKeys;
import dev.consent.testkit.behaviour.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps evidence sealed under per-subject keys; a lost key fails loudly, erasure shreds. */
class InMemoryEvidenceAtRestTest {
    private final EvidenceKeys keys = EvidenceKeys.inMemory();
    private final InMemoryConsentStore store = new InMemoryConsentStore(keys);

    private ConsentSystem system() {
        ConsentSystem cs = ConsentSystem.builder().store(store).build();
        Fixtures.defineStandard(cs.purposes());
        for (String s : List.of("alice", "bob")) {
            cs.ledger()
                    .grant(
                            s,
                            Fixtures.EMAIL,
                            dev.consent.CollectionContext.builder(dev.consent.Channel.WEB)
                                    .evidence(Evidence.of("192.0.2.1", "UA " + s))
                                    .build());
        }
        return cs;
    }

    @Test
    void aLostKey_failsLoudly_neverReadsAsNoEvidence() {
        try (ConsentSystem cs = system()) {
            keys.destroy(List.of("alice"));
            assertThatThrownBy(() -> store.readEvidence("alice"))
                    .isInstanceOf(EvidenceKeyMissingException.class)
                    .hasMessageContaining("alice");
            assertThatThrownBy(() -> cs.ledger().evidence("alice")).isInstanceOf(EvidenceKeyMissingException.class);
            assertThat(cs.ledger().evidence("bob").toString()).contains("UA bob");
        }
    }

    @Test
    void erasure_destroysTheKey() {
        try (ConsentSystem cs = system()) {
            assertThat(keys.find(List.of("alice"))).containsKey("alice");
            cs.ledger().erase("alice", Fixtures.DPO);
            assertThat(keys.find(List.of("alice"))).isEmpty();
            assertThat(cs.ledger().evidence("alice")).isEmpty();
            assertThat(keys.find(List.of("bob"))).containsKey("bob");
            assertThat(cs.ledger().verify().ok()).isTrue();
        }
    }
}
