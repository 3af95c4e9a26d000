package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Hash;
import dev.consent.InvalidInputException;
import dev.consent.Limits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The invariants an append carries to every store, checked before a store sees it. */
class SubjectAppendTest {
    private static final byte[] SALT = new byte[Limits.SALT_LENGTH];

    @Test
    void evidence_mustBelongToARecordWithADigest_andEveryDigestNeedsItsEvidence() {
        ConsentRecord withDigest = grant(Hash.of(new byte[Hash.LENGTH]));
        ConsentRecord plain = grant(null);
        StoredEvidence e = new StoredEvidence(Evidence.of("192.0.2.1", null), SALT);

        assertThat(new SubjectAppend("s", plain.interactionId(), 0, List.of(plain), Map.of()).records())
                .hasSize(1);
        assertRejected(
                () -> new SubjectAppend("s", plain.interactionId(), 0, List.of(plain), Map.of(plain.id(), e)),
                "records[0].evidenceDigest");
        assertRejected(
                () -> new SubjectAppend("s", withDigest.interactionId(), 0, List.of(withDigest), Map.of()),
                "records[0].evidenceDigest");
        assertRejected(
                () -> new SubjectAppend("s", plain.interactionId(), 0, List.of(plain), Map.of(UUID.randomUUID(), e)),
                "evidence");
    }

    @Test
    void salt_mustHaveTheDocumentedLength() {
        assertRejected(() -> new StoredEvidence(Evidence.none(), new byte[8]), "salt");
        assertThat(new StoredEvidence(Evidence.none(), SALT).salt()).hasSize(Limits.SALT_LENGTH);
    }

    /** A first grant of purpose {@code p} by subject {@code s} in interaction {@code i}. */
    private static ConsentRecord grant(@Nullable Hash evidenceDigest) {
        return new ConsentRecord(
                0,
                UUID.randomUUID(),
                "s",
                1,
                "p",
                1,
                Action.GRANTED,
                Instant.parse("2024-05-14T14:14:00Z"),
                null,
                null,
                null,
                Channel.WEB,
                Actor.subject(),
                null,
                "i",
                evidenceDigest,
                null,
                Hash.of(new byte[Hash.LENGTH]));
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
