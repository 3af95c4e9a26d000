package dev.consent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.Channel;
import dev.consent.CollectionContext;
import dev.consent.ConsentSystem;
import dev.consent.Hash;
import dev.consent.LegalBasis;
import dev.consent.Purpose;
import dev.consent.jdbc.JdbcConsentStore;
import dev.consent.merkle.InclusionProof;
import dev.consent.merkle.NoteVerifier;
import dev.consent.merkle.SignedCheckpoint;
import dev.consent.merkle.TreeHashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Merkle log's commands of {@code java -jar consent-cli.jar} ({@code keygen}, {@code checkpoint}, {@code prove},
 * {@code verify --since}) over H2 files written here through the library, as an auditor's session runs them: a
 * checkpoint kept in a file, a record proved against it, the ledger grown and checked to extend it, then damaged
 * with SQL and the damage located. Each test writes a ledger of its own.
 */
class CliMerkleLogIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORIGIN = "example.org/consent-ledger";

    @TempDir
    Path dir;

    /** Appends {@code count} grants (one record each) to the ledger in H2 file {@code file}; their record ids. */
    static List<UUID> grant(Path file, String subjects, int count) {
        List<UUID> ids = new ArrayList<>();
        try (JdbcConsentStore store = JdbcConsentStore.builder(Jdbi.create("jdbc:h2:file:" + file, "sa", ""))
                        .build();
                ConsentSystem consent = ConsentSystem.builder().store(store).build()) {
            if (consent.purposes().current().isEmpty()) {
                consent.purposes()
                        .define(Purpose.builder("marketing.email")
                                .title("Newsletter")
                                .description("News by e-mail.")
                                .legalBasis(LegalBasis.CONSENT)
                                .build());
            }
            CollectionContext web = CollectionContext.of(Channel.WEB, "signup_form");
            for (int i = 0; i < count; i++) {
                ids.add(consent.ledger()
                        .grant(subjects + "-" + i, "marketing.email", web)
                        .records()
                        .get(0)
                        .id());
            }
        }
        return ids;
    }

    static CliProcess cli(Path ledger, String... args) {
        List<String> all = new ArrayList<>(List.of("--h2", ledger.toString()));
        all.addAll(List.of(args));
        return CliProcess.run(all.toArray(String[]::new));
    }

    static JsonNode json(CliProcess p, int exit) throws Exception {
        assertThat(p.exit()).as(p.toString()).isEqualTo(exit);
        return JSON.readTree(p.out());
    }

    /** Runs keygen writing {@code key}; the verifier key it printed. */
    static String keygen(Path key) {
        CliProcess p = CliProcess.run("keygen", "--name", ORIGIN, "--out", key.toString());
        assertThat(p.exit()).as(p.toString()).isZero();
        List<String> lines = p.out().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void auditSession_checkpointProveAppendVerify_thenADeletedRecordIsLocated() throws Exception {
        Path key = dir.resolve("signer.key");
        String verifierKey = keygen(key);
        assertThat(verifierKey).matches("example\\.org/consent-ledger\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+=*");
        assertThat(Files.readString(key)).startsWith("PRIVATE+KEY+" + ORIGIN + "+");
        Path ledger = dir.resolve("ledger");
        List<UUID> ids = grant(ledger, "early", 20);

        Path kept = dir.resolve("checkpoint-1.txt");
        CliProcess checkpoint = cli(ledger, "checkpoint", "--signer-key", key.toString(), "--out", kept.toString());

        assertThat(checkpoint.exit()).as(checkpoint.toString()).isZero();
        assertThat(Files.readString(kept)).isEqualTo(checkpoint.out());
        SignedCheckpoint signed = SignedCheckpoint.parse(Files.readString(kept), NoteVerifier.parse(verifierKey));
        assertThat(signed.checkpoint().origin()).isEqualTo(ORIGIN);
        assertThat(signed.size()).isEqualTo(20);

        CliProcess prove = cli(ledger, "prove", ids.get(4).toString(), kept.toString(), "--verifier-key", verifierKey);
        assertThat(prove.exit()).as(prove.toString()).isZero();
        assertThat(prove.out())
                .contains("signature verified with " + ORIGIN)
                .containsPattern("position +5\\n")
                .containsPattern("leaf index +4\\n")
                .containsPattern("tree size +20\\n")
                .contains("root        " + signed.root().toHex())
                .contains("VERIFIED: the record is leaf 4 of checkpoint " + kept);
        JsonNode proof = json(cli(ledger, "--json", "prove", ids.get(4).toString(), kept.toString()), Exit.OK);
        assertThat(proof.get("verifies").asBoolean()).isTrue();
        assertThat(proof.get("treeSize").asLong()).isEqualTo(20);
        // the printed proof checks out with the library's verifier, from the record hash and the kept root alone
        InclusionProof.fromJson(proof.get("proof").toString())
                .verify(TreeHashes.leaf(Hash.fromHex(proof.get("recordHash").asText())), signed.root());

        List<UUID> later = grant(ledger, "later", 7);
        CliProcess current = cli(ledger, "prove", later.get(6).toString());
        assertThat(current.exit()).as(current.toString()).isZero();
        assertThat(current.out()).containsPattern("tree size +27\\n").contains("of the ledger's current tree");
        CliProcess tooLate = cli(ledger, "prove", later.get(0).toString(), kept.toString());
        assertThat(tooLate.exit()).as(tooLate.toString()).isEqualTo(Exit.USAGE);
        assertThat(tooLate.err()).contains("RECORD_ID", "position 21, after the 20 records");

        CliProcess verify = cli(ledger, "verify", "--since", kept.toString(), "--verifier-key", verifierKey);
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(verify.out())
                .contains("Read 27 records of a ledger of 27 positions; the first 20 hash to "
                        + signed.root().toHex())
                .contains("OK: the ledger extends the checkpoint");
        assertThat(verify.err())
                .contains("100% verifying the ledger against the checkpoint 27/27 records read, 0 problems, done in");
        JsonNode intact = json(cli(ledger, "--json", "--quiet", "verify", "--since", kept.toString()), Exit.OK);
        assertThat(intact.get("intact").asBoolean()).isTrue();
        assertThat(intact.get("recordsRead").asLong()).isEqualTo(27);
        assertThat(intact.get("checkpoint").get("signatureVerified").isNull()).isTrue();

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + ledger, "sa", "");
                Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM consent_record WHERE position = 12"))
                    .isOne();
        }
        CliProcess damaged = cli(ledger, "verify", "--since", kept.toString(), "--verifier-key", verifierKey);

        assertThat(damaged.exit()).as(damaged.toString()).isEqualTo(Exit.FINDING);
        assertThat(damaged.out())
                .containsPattern("MISSING_POSITIONS +12 +no record at positions 12")
                .contains("ROOT_MISMATCH", "DAMAGED: 2 problems.");
        JsonNode problems = json(cli(ledger, "--json", "--quiet", "verify", "--since", kept.toString()), Exit.FINDING)
                .get("problems");
        assertThat(problems.get(0).get("kind").asText()).isEqualTo("MISSING_POSITIONS");
        assertThat(problems.get(0).get("fromPosition").asLong()).isEqualTo(12);
        assertThat(problems.get(0).get("toPosition").asLong()).isEqualTo(12);
        // a record whose proof needs the deleted one cannot be proved any more: a finding, not a database failure
        CliProcess unprovable = cli(ledger, "prove", ids.get(4).toString(), kept.toString());
        assertThat(unprovable.exit()).as(unprovable.toString()).isEqualTo(Exit.FINDING);
        assertThat(unprovable.out()).contains("The ledger's tree cannot prove it", "verify --since");
    }

    @Test
    void badInput_namesTheArgument_andExitsNonZero() throws Exception {
        Path key = dir.resolve("signer.key");
        String verifierKey = keygen(key);
        Path ledger = dir.resolve("ledger");
        UUID id = grant(ledger, "user", 3).get(1);
        Path kept = dir.resolve("checkpoint.txt");
        assertThat(cli(ledger, "checkpoint", "--signer-key", key.toString(), "--out", kept.toString())
                        .exit())
                .isZero();

        CliProcess unknown = cli(ledger, "prove", "00000000-0000-0000-0000-000000000000", kept.toString());
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(Exit.FINDING);
        assertThat(unknown.out()).contains("No record 00000000-0000-0000-0000-000000000000 (RECORD_ID)");
        assertThat(usage(cli(ledger, "prove", "not-an-id"))).contains("RECORD_ID must be a record id");

        Path missing = dir.resolve("absent.txt");
        assertThat(usage(cli(ledger, "prove", id.toString(), missing.toString())))
                .contains("CHECKPOINT_FILE " + missing + ": no such file");
        assertThat(usage(cli(ledger, "verify", "--since", missing.toString())))
                .contains("--since " + missing + ": no such file");
        Path notACheckpoint = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThat(usage(cli(ledger, "verify", "--since", notACheckpoint.toString())))
                .contains("--since " + notACheckpoint + " is not a signed checkpoint");

        // the size line changed under the signature: the signature no longer verifies
        Path forged = Files.writeString(
                dir.resolve("forged.txt"), Files.readString(kept).replaceFirst("\n3\n", "\n2\n"));
        CliProcess verifyForged = cli(ledger, "verify", "--since", forged.toString(), "--verifier-key", verifierKey);
        assertThat(verifyForged.exit()).as(verifyForged.toString()).isEqualTo(Exit.FINDING);
        assertThat(verifyForged.out())
                .contains("--verifier-key " + verifierKey, "is not valid", "the ledger was not walked");
        CliProcess proveForged = cli(ledger, "prove", id.toString(), forged.toString(), "--verifier-key", verifierKey);
        assertThat(proveForged.exit()).as(proveForged.toString()).isEqualTo(Exit.FINDING);
        assertThat(proveForged.out()).contains("The signature of " + forged, "--verifier-key", "is not valid");
        assertThat(usage(cli(ledger, "verify", "--since", kept.toString(), "--verifier-key", "not-a-key")))
                .contains("--verifier-key not-a-key is not a verifier key");
        assertThat(usage(cli(ledger, "verify", "--verifier-key", verifierKey)))
                .contains("--verifier-key goes with --since");

        String secret = Files.readString(key).strip();
        String truncated = secret.substring(0, secret.length() - 6);
        Path corrupt = Files.writeString(dir.resolve("corrupt.key"), truncated + "\n");
        assertThat(usage(cli(ledger, "checkpoint", "--signer-key", corrupt.toString())))
                .contains("--signer-key " + corrupt + " is not a signer key")
                .doesNotContain(truncated.substring(truncated.lastIndexOf('+') + 1));
        assertThat(usage(cli(ledger, "checkpoint"))).contains("--signer-key FILE is required");
        assertThat(usage(cli(ledger, "checkpoint", "--signer-key", key.toString(), "--out", kept.toString())))
                .contains("--out " + kept + " exists already");

        CliProcess again = CliProcess.run("keygen", "--name", ORIGIN, "--out", key.toString());
        assertThat(again.exit()).as(again.toString()).isEqualTo(Exit.USAGE);
        assertThat(again.err()).contains("--out " + key + " exists already");
        assertThat(Files.readString(key).strip()).isEqualTo(secret);
        assertThat(usage(CliProcess.run(
                        "keygen",
                        "--name",
                        "two words",
                        "--out",
                        dir.resolve("k2").toString())))
                .contains("--name two words must be a key name");
        assertThat(usage(CliProcess.run("keygen", "--out", dir.resolve("k3").toString())))
                .contains("--name ORIGIN is required");
    }

    static String usage(CliProcess p) {
        assertThat(p.exit()).as(p.toString()).isEqualTo(Exit.USAGE);
        assertThat(p.out()).isEmpty();
        return p.err();
    }
}
