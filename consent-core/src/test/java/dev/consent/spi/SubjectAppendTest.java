package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Evidence;
import dev.consent.InvalidInputException;
import dev.consent.Limits;
import dev.consent.ConsentRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The invariants an append carries to every store, checked before a store sees it. */
class SubjectAppendTest {
    private static final byte[] SALT = new byte[Limits.SALT_LENGTH];

    @Test
    void evidence_mustBelongToARecordWithADigest_andEveryDigestNeedsItsEvidence() {
        ConsentRecord withDigest = TestRecords.newChain("s")
                .append("i", TestRecords.grant("p").evidence(Evidence.of("192.0.2.1", null))).records().get(0);
        ConsentRecord plain = TestRecords.newChain("s").append("i", TestRecords.grant("p")).records().get(0);
        StoredEvidence e = new StoredEvidence(Evidence.of("192.0.2.1", null), SALT);

        assertThat(new SubjectAppend("s", plain.interactionId(), 0, List.of(plain), Map.of()).records()).hasSize(1);
        assertRejected(() -> new SubjectAppend("s", plain.interactionId(), 0, List.of(plain), Map.of(plain.id(), e)),
                "records[0].evidenceDigest");
        assertRejected(() -> new SubjectAppend("s", withDigest.interactionId(), 0, List.of(withDigest), Map.of()),
                "records[0].evidenceDigest");
        assertRejected(() -> new SubjectAppend("s", plain.interactionId(), 0, List.of(plain), Map.of(UUID.randomUUID(), e)),
                "evidence");
    }

    @Test
    void salt_mustHaveTheDocumentedLength() {
        assertRejected(() -> new StoredEvidence(Evidence.none(), new byte[8]), "salt");
        assertThat(new StoredEvidence(Evidence.none(), SALT).salt()).hasSize(Limits.SALT_LENGTH);
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo(field));
    }
}
