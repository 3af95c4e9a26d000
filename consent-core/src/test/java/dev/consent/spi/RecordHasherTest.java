package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import dev.consent.Evidence;
import dev.consent.Hash;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordHasherTest {
    private static final Hash ZERO = Hash.of(new byte[Hash.LENGTH]);
    private static final ConsentRecord R = new ConsentRecord(
            0,
            UUID.fromString("00000000-0000-0000-0000-000000000001"),
            "s",
            1,
            "p",
            1,
            Action.GRANTED,
            Instant.parse("2024-01-01T00:00:00Z"),
            null,
            null,
            "form",
            Channel.WEB,
            Actor.subject(),
            null,
            "i",
            null,
            null,
            ZERO);

    private static ConsentRecord withCollectionPoint(String point) {
        return new ConsentRecord(
                R.position(),
                R.id(),
                R.subject(),
                R.subjectSequence(),
                R.purposeId(),
                R.purposeVersion(),
                R.action(),
                R.recordedAt(),
                R.expiresAt(),
                R.noticeVersion(),
                point,
                R.channel(),
                R.actor(),
                R.jurisdiction(),
                R.interactionId(),
                R.evidenceDigest(),
                R.previousHash(),
                R.hash());
    }

    /**
     * Known answers: the encoding and hashing of a record and its evidence never change, or every stored chain
     * would fail verification after an upgrade. Computed by the library's first encoder.
     */
    @Test
    void hashes_matchTheKnownAnswers() {
        Hash digest = RecordHasher.evidenceDigest(
                new Evidence(
                        "198.51.100.7",
                        "Mozilla/5.0 (Zoë)",
                        new java.util.TreeMap<>(Map.of("mechanism", "checkbox", "row", "12"))),
                "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ConsentRecord r = new ConsentRecord(
                0,
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                "s",
                1,
                "p",
                1,
                Action.GRANTED,
                Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2025-01-31T00:00:00Z"),
                "v3",
                "form",
                Channel.WEB,
                Actor.subject(),
                "EU",
                "i",
                digest,
                ZERO,
                ZERO);

        assertThat(digest).isEqualTo(Hash.fromHex("7f07d1976325952cf2a477c7b5cc352497ebb189bfb9104ecd4e7ea111f84bfc"));
        assertThat(new RecordHasher(null).hash(r))
                .isEqualTo(Hash.fromHex("1c77798c93b4fea330f8c0027e7ee9766173111044975610fb5574a57818d0df"));
        assertThat(new RecordHasher("k".repeat(32).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hash(r))
                .isEqualTo(Hash.fromHex("124c2f31de693b298fbb98e040900fdc5828a7ff51c313a81fec720c9ae58ac0"));
    }

    @Test
    void hash_isStable_andIgnoresThePositionAndTheStoredHash() {
        RecordHasher sha = new RecordHasher(null);

        assertThat(sha.hash(R)).isEqualTo(sha.hash(R.withPosition(99)));
        assertThat(sha.hash(R)).isEqualTo(new RecordHasher(null).hash(R));
    }

    @Test
    void hash_changesWithTheContent_andTellsNullFromEmpty() {
        RecordHasher sha = new RecordHasher(null);

        assertThat(sha.hash(withCollectionPoint("form2"))).isNotEqualTo(sha.hash(R));
        assertThat(sha.hash(withCollectionPoint(null))).isNotEqualTo(sha.hash(R));
    }

    @Test
    void keyedHash_differsFromThePlainOne_andByKey() {
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        other[0] = 1;

        assertThat(new RecordHasher(key).hash(R))
                .isNotEqualTo(new RecordHasher(null).hash(R))
                .isNotEqualTo(new RecordHasher(other).hash(R))
                .isEqualTo(new RecordHasher(key.clone()).hash(R));
    }

    @Test
    void evidenceDigest_dependsOnTheSaltAndEveryField() {
        byte[] salt = new byte[16];
        byte[] otherSalt = new byte[16];
        otherSalt[0] = 1;
        Evidence e = new Evidence("203.0.113.9", "UA", Map.of("device", "d1"));
        Hash digest = RecordHasher.evidenceDigest(e, salt);

        assertThat(RecordHasher.evidenceDigest(e, salt)).isEqualTo(digest);
        assertThat(RecordHasher.evidenceDigest(e, otherSalt)).isNotEqualTo(digest);
        assertThat(RecordHasher.evidenceDigest(new Evidence("203.0.113.9", "UA", Map.of("device", "d2")), salt))
                .isNotEqualTo(digest);
        assertThat(RecordHasher.evidenceDigest(Evidence.of("203.0.113.9", null), salt))
                .isNotEqualTo(RecordHasher.evidenceDigest(Evidence.of(null, "203.0.113.9"), salt));
    }
}
