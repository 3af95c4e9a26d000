package dev.consent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.spi.StoredEvidence;
import dev.consent.testkit.behaviour.Fixtures;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Evidence enters a record's hash only as a salted digest, so that a digest cannot be brute-forced back to an
 * address: every record's evidence has a random salt of its own, carried records (a link) included.
 */
class EvidenceSaltTest {
    private static final CollectionContext FORM = CollectionContext.builder(Channel.WEB)
            .collectionPoint("signup_form_v3")
            .evidence(Evidence.of("203.0.113.7", "Mozilla/5.0"))
            .build();

    @Test
    void everyRecordsEvidence_hasARandomSaltOfItsOwn_carriedRecordsIncluded() {
        try (InMemoryConsentStore store = new InMemoryConsentStore();
                ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
            Fixtures.defineStandard(consent.purposes());
            consent.ledger().grant("alice", Fixtures.EMAIL, FORM);
            consent.ledger().grant("alice", Fixtures.SMS, FORM);
            consent.ledger().grant("bob", Fixtures.EMAIL, FORM);
            consent.ledger().grant("visitor-1", Fixtures.EMAIL, FORM);
            consent.ledger().link("visitor-1", "carol", FORM);

            List<String> salts = new ArrayList<>();
            for (String subject : List.of("alice", "bob", "visitor-1", "carol")) {
                for (StoredEvidence e : store.readEvidence(subject).values()) {
                    salts.add(HexFormat.of().formatHex(e.salt()));
                }
            }

            assertThat(salts).hasSize(5).doesNotHaveDuplicates();
            assertThat(salts).allSatisfy(s -> assertThat(s).matches(".*[^0].*"));
        }
    }
}
