package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.spi.EvidenceSeal;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * After erasure and the documented cleanup ({@link EvidenceAtRest#finishErasures()}, on H2 {@code SHUTDOWN
 * COMPACT}), the erased person's IP address and user agent cannot be read from the database's own files: the
 * canary never reaches them in plain text (it is sealed before it is written), and the subject's data key, which
 * the files did hold before the erasure (the test finds it there, and opens the stored evidence with it), is in
 * none of them afterwards. Each database's subclass says which files hold what and how to flush them; the test
 * also checks that its file search finds a plain value the store keeps (a collection point), before and after,
 * so a search that looks in the wrong place fails.
 */
abstract class DatabaseFilesCanaryContract {
    static final String SUBJECT = "canary-subject";
    static final String BYSTANDER = "bystander";

    /** The canary, reversed: the test never holds it the right way round except to write and search it. */
    private final String reversedToken = new StringBuilder(
                    UUID.randomUUID().toString().replace("-", ""))
            .reverse()
            .toString();

    final String marker = "survivor" + UUID.randomUUID().toString().substring(0, 8);
    final MutableClock clock = new MutableClock(Fixtures.START);

    /** The store under test, over a fresh prefix, the same object each call; the subclass drops its tables. */
    abstract JdbcConsentStore store();

    /** The Jdbi of the store's database. */
    abstract Jdbi jdbi();

    /** Writes what the database holds in memory to the files {@link #files} returns. */
    abstract void flush() throws Exception;

    /** The files that hold the store's tables (and logs the database keeps of their changes), to search. */
    abstract List<Path> files() throws Exception;

    /** The files of the key table alone, after {@link #cleanUp}. */
    abstract List<Path> keyTableFiles() throws Exception;

    /** The documented cleanup after an erasure; by default {@link EvidenceAtRest#finishErasures()}. */
    void cleanUp(JdbcConsentStore store) throws Exception {
        assertThat(store.evidenceAtRest().finishErasures()).isTrue();
    }

    /** A hook after the erasure and cleanup: the subclass's own checks (dead tuples, statement log). */
    void afterCleanup(byte[] erasedKey, String canary) throws Exception {}

    /** A hook before anything is written (a statement log's start). */
    void beforeWriting() throws Exception {}

    /** A hook before the erasure, with the subject's stored key share. */
    void beforeErasure(byte[] keyShare, String canary) throws Exception {}

    @Test
    void afterErasureAndCleanup_neitherTheCanaryNorItsKeyIsInTheDatabaseFiles() throws Exception {
        beforeWriting();
        JdbcConsentStore store = store();
        ConsentSystem cs = ConsentSystem.builder().store(store).clock(clock).build();
        try {
            Fixtures.defineStandard(cs.purposes());
            cs.ledger()
                    .grant(
                            SUBJECT,
                            EMAIL,
                            CollectionContext.builder(Channel.WEB)
                                    .collectionPoint("form-" + marker)
                                    .evidence(new Evidence(
                                            "203.0.113.9 " + token(),
                                            "Canary/1.0 " + token(),
                                            Map.of("device", token())))
                                    .build());
            cs.ledger()
                    .grant(
                            BYSTANDER,
                            EMAIL,
                            CollectionContext.builder(Channel.WEB)
                                    .evidence(Evidence.of("198.51.100.1", "Bystander/1.0"))
                                    .build());
            byte[] share = keyShare(SUBJECT);
            assertThat(share).as("the subject's key share").hasSize(32);
            assertThat(openStoredEvidence(SUBJECT, share))
                    .as("the stored evidence opens with the key share found in the database")
                    .contains(token());
            flush();
            List<Path> before = files();
            assertThat(find(before, ("form-" + marker).getBytes(StandardCharsets.UTF_8)))
                    .as("the file search finds a plain value of the record table")
                    .isNotEmpty();
            assertThat(find(before, share))
                    .as("before the erasure, the key is in the database's files")
                    .isNotEmpty();
            assertThat(find(before, token().getBytes(StandardCharsets.UTF_8)))
                    .as("the canary never reaches the files in plain text")
                    .isEmpty();
            beforeErasure(share, token());

            cs.ledger().erase(SUBJECT, Fixtures.DPO);
            assertThat(cs.ledger().evidence(SUBJECT)).isEmpty();
            cleanUp(store);
            flush();

            List<Path> after = files();
            assertThat(find(after, ("form-" + marker).getBytes(StandardCharsets.UTF_8)))
                    .as("the file search still finds a plain value of the record table")
                    .isNotEmpty();
            assertThat(find(after, token().getBytes(StandardCharsets.UTF_8)))
                    .as("the canary in the database's files")
                    .isEmpty();
            assertThat(find(keyTableFiles(), share))
                    .as("the erased subject's key in the key table's files")
                    .isEmpty();
            afterCleanup(share, token());
        } finally {
            cs.close();
        }
    }

    /** The subject's key share as the key table holds it. */
    byte[] keyShare(String subject) {
        return jdbi().withHandle(h -> h.createQuery(
                        "SELECT key_share FROM " + store().tablePrefix() + "evidence_key WHERE subject = :s")
                .bind("s", subject)
                .mapTo(byte[].class)
                .one());
    }

    /** The subject's sealed evidence as the evidence table holds it, opened with {@code share}, as text. */
    String openStoredEvidence(String subject, byte[] share) {
        List<String> out = new ArrayList<>();
        jdbi().useHandle(h -> h.createQuery(
                        "SELECT record_id, sealed FROM " + store().tablePrefix() + "evidence WHERE subject = :s")
                .bind("s", subject)
                .map((rs, ctx) -> EvidenceSeal.open(
                        rs.getBytes(2),
                        new SecretKeySpec(share, "AES"),
                        subject,
                        UUID.fromString(rs.getString(1).strip())))
                .forEach(e -> out.add(e.evidence().toString())));
        return String.join("\n", out);
    }

    /** The files of {@code files} that contain {@code pattern}. */
    static List<Path> find(List<Path> files, byte[] pattern) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (Files.isRegularFile(f) && indexOf(Files.readAllBytes(f), pattern) >= 0) {
                out.add(f);
            }
        }
        return out;
    }

    /** Where {@code pattern} first occurs in {@code data}, or -1: Boyer-Moore-Horspool, as files run to 100 MB. */
    static int indexOf(byte[] data, byte[] pattern) {
        int m = pattern.length;
        int[] shift = new int[256];
        java.util.Arrays.fill(shift, m);
        for (int i = 0; i < m - 1; i++) {
            shift[pattern[i] & 0xff] = m - 1 - i;
        }
        for (int i = 0; i <= data.length - m; i += shift[data[i + m - 1] & 0xff]) {
            int j = m - 1;
            while (j >= 0 && data[i + j] == pattern[j]) {
                j--;
            }
            if (j < 0) {
                return i;
            }
        }
        return -1;
    }

    /** The canary token, made afresh for each use. */
    String token() {
        return new StringBuilder(reversedToken).reverse().toString();
    }
}
