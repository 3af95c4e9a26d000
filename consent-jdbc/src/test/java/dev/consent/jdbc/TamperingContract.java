package dev.consent.jdbc;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Kind;
import dev.consent.VerificationReport.Problem;
import dev.consent.spi.RecordHasher;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damage done with SQL on the tables, as anyone with write access to the database could, and
 * {@code verify()} naming each damaged record: its kind, subject, id, position and sequence. The ledger is
 * written through a real {@link ConsentSystem}; the victim's chain has four records among others'.
 */
abstract class TamperingContract extends DatabaseContract {
    private static final String VICTIM = "victim";

    private TestStore store;
    private ConsentSystem consent;
    private String records;
    /** The victim's records, oldest first: grant e-mail (with evidence), object, withdraw e-mail, grant SMS. */
    private final List<ConsentRecord> chain = new ArrayList<>();

    private void writeLedger(Consumer<ConsentSystem.Builder> settings) {
        store = newStore();
        records = store.jdbc().tablePrefix() + "record";
        consent = system(store, settings);
        Fixtures.defineStandard(consent.purposes());
        consent.ledger().grant("bystander-1", EMAIL, WEB);
        chain.addAll(consent.ledger().grant(VICTIM, EMAIL, Fixtures.detailed()).records());
        clock.advance(Duration.ofMinutes(1));
        consent.ledger().grant("bystander-2", SMS, WEB);
        chain.addAll(consent.ledger().object(VICTIM, ANALYTICS, WEB).records());
        clock.advance(Duration.ofMinutes(1));
        chain.addAll(consent.ledger().withdraw(VICTIM, EMAIL, WEB).records());
        consent.ledger().withdraw("bystander-1", EMAIL, WEB);
        clock.advance(Duration.ofMinutes(1));
        chain.addAll(consent.ledger().grant(VICTIM, SMS, WEB).records());
        consent.ledger().deny("bystander-2", EMAIL, WEB);
        assertThat(chain).extracting(ConsentRecord::subjectSequence).containsExactly(1L, 2L, 3L, 4L);
    }

    private void writeLedger() {
        writeLedger(b -> {});
    }

    /** Runs one statement with positional arguments, as someone with write access to the tables. */
    private void execute(String statement, Object... args) {
        sql().useHandle(h -> {
            var update = h.createUpdate(statement);
            for (int i = 0; i < args.length; i++) {
                update.bind(i, args[i]);
            }
            update.execute();
        });
    }

    /** A problem as verification names it. */
    private static Tuple problem(Kind kind, String subject, UUID recordId, long position, long sequence) {
        return tuple(kind, subject, recordId, position, sequence);
    }

    /** A problem at a record whose place was left as it was written. */
    private static Tuple problem(Kind kind, ConsentRecord r) {
        return problem(kind, r.subject(), r.id(), r.position(), r.subjectSequence());
    }

    private static List<Tuple> named(VerificationReport report) {
        List<Tuple> out = new ArrayList<>();
        for (Problem p : report.problems()) {
            assertThat(p.detail()).isNotBlank();
            out.add(problem(p.kind(), p.subject(), p.recordId(), p.position(), p.subjectSequence()));
        }
        return out;
    }

    /** verify() names exactly {@code expected}, in ledger order; verify(victim) names the victim's part of it. */
    private void assertVerifyNames(Tuple... expected) {
        VerificationReport all = consent.ledger().verify();
        assertThat(all.ok()).isEqualTo(expected.length == 0);
        assertThat(named(all)).containsExactly(expected);
        Tuple[] victims = Arrays.stream(expected)
                .filter(t -> VICTIM.equals(t.toList().get(1)))
                .toArray(Tuple[]::new);
        assertThat(named(consent.ledger().verify(VICTIM))).as("verify(victim)").containsExactly(victims);
    }

    @Test
    void verify_onAnUntouchedLedger_findsNoProblem() {
        writeLedger();

        VerificationReport all = consent.ledger().verify();
        VerificationReport victim = consent.ledger().verify(VICTIM);

        assertThat(all.problems()).isEmpty();
        assertThat(all.ok()).isTrue();
        assertThat(all.subjects()).isEqualTo(3);
        assertThat(all.records()).isEqualTo(8);
        assertThat(victim.problems()).isEmpty();
        assertThat(victim.records()).isEqualTo(4);
    }

    @Test
    void verify_withAnIntegrityKey_onAnUntouchedLedger_findsNoProblem() {
        writeLedger(b -> b.integrityKey(key()));

        assertThat(consent.ledger().verify().problems()).isEmpty();
        assertThat(consent.ledger().verify(VICTIM).problems()).isEmpty();
    }

    /** Every hashed column of the first record (which has every optional field), and a value to set it to. */
    static Stream<Arguments> hashedColumns() {
        return Stream.of(
                Arguments.of("purpose_id", "'marketing.sms'"),
                Arguments.of("purpose_version", "2"),
                Arguments.of("action", "'DENIED'"),
                Arguments.of("recorded_at", "recorded_at - 86400000"),
                Arguments.of("expires_at", "NULL"),
                Arguments.of("notice_version", "'privacy-2019-01'"),
                Arguments.of("collection_point", "'call_centre'"),
                Arguments.of("channel", "'PAPER'"),
                Arguments.of("actor_type", "'SUBJECT'"),
                Arguments.of("actor_id", "'parent-18'"),
                Arguments.of("actor_authority", "NULL"),
                Arguments.of("jurisdiction", "'US-CA'"),
                Arguments.of("interaction_id", "'another-interaction'"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("hashedColumns")
    void verify_namesARecordWhoseColumnWasUpdated(String column, String value) {
        writeLedger();
        ConsentRecord target = chain.get(0);

        execute(
                "UPDATE " + records + " SET " + column + " = " + value + " WHERE record_id = ?",
                target.id().toString());

        assertVerifyNames(problem(Kind.CONTENT_CHANGED, target));
    }

    @Test
    void verify_namesAWithdrawalTurnedIntoAGrant() {
        writeLedger();
        ConsentRecord withdrawal = chain.get(2);

        execute(
                "UPDATE " + records + " SET action = 'GRANTED' WHERE record_id = ?",
                withdrawal.id().toString());

        assertVerifyNames(problem(Kind.CONTENT_CHANGED, withdrawal));
    }

    @Test
    void verify_namesARecordWhoseHashWasReplaced_andTheRecordLinkingToIt() {
        writeLedger();

        execute(
                "UPDATE " + records + " SET record_hash = ? WHERE record_id = ?",
                "ab".repeat(32),
                chain.get(0).id().toString());

        assertVerifyNames(problem(Kind.CONTENT_CHANGED, chain.get(0)), problem(Kind.BROKEN_LINK, chain.get(1)));
    }

    @Test
    void verify_namesARecordWhosePreviousHashWasReplaced() {
        writeLedger();

        execute(
                "UPDATE " + records + " SET previous_hash = ? WHERE record_id = ?",
                chain.get(2).hash().toHex(),
                chain.get(1).id().toString());

        assertVerifyNames(problem(Kind.CONTENT_CHANGED, chain.get(1)), problem(Kind.BROKEN_LINK, chain.get(1)));
    }

    @Test
    void verify_namesARecordMovedToAnotherSubject_andTheGapItLeft() {
        writeLedger();
        ConsentRecord moved = chain.get(1);

        execute(
                "UPDATE " + records + " SET subject = 'someone-else' WHERE record_id = ?",
                moved.id().toString());

        assertVerifyNames(
                problem(Kind.CONTENT_CHANGED, "someone-else", moved.id(), moved.position(), 2),
                problem(Kind.MISSING_BEFORE, "someone-else", moved.id(), moved.position(), 2),
                problem(Kind.MISSING_BEFORE, chain.get(2)),
                // the victim's current state still points at the moved record, someone else's has none for it
                problem(Kind.CURRENT_STATE_MISMATCH, VICTIM, moved.id(), moved.position(), 2),
                problem(Kind.CURRENT_STATE_MISMATCH, "someone-else", moved.id(), moved.position(), 2));
        assertThat(named(consent.ledger().verify("someone-else")))
                .containsExactly(
                        problem(Kind.CONTENT_CHANGED, "someone-else", moved.id(), moved.position(), 2),
                        problem(Kind.MISSING_BEFORE, "someone-else", moved.id(), moved.position(), 2),
                        problem(Kind.CURRENT_STATE_MISMATCH, "someone-else", moved.id(), moved.position(), 2));
    }

    @Test
    void verify_namesTheRecordAfterOneDeletedFromTheMiddle() {
        writeLedger();

        execute(
                "DELETE FROM " + records + " WHERE record_id = ?",
                chain.get(1).id().toString());

        assertVerifyNames(problem(Kind.MISSING_BEFORE, chain.get(2)));
    }

    /**
     * The grant and the later withdrawal trade places in the ledger: the withdrawal now comes first. Positions
     * are not hashed (the store assigns them), so it is the order that tells.
     */
    @Test
    void verify_namesRecordsWhosePositionsWereSwapped() {
        writeLedger();
        ConsentRecord grant = chain.get(0);
        ConsentRecord objection = chain.get(1);
        ConsentRecord withdrawal = chain.get(2);

        execute("UPDATE " + records + " SET position = -1 WHERE position = ?", grant.position());
        execute("UPDATE " + records + " SET position = ? WHERE position = ?", grant.position(), withdrawal.position());
        execute("UPDATE " + records + " SET position = ? WHERE position = -1", withdrawal.position());

        assertVerifyNames(
                problem(Kind.MISSING_BEFORE, VICTIM, withdrawal.id(), grant.position(), 3),
                problem(Kind.OUT_OF_ORDER, objection),
                problem(Kind.OUT_OF_ORDER, VICTIM, grant.id(), withdrawal.position(), 1),
                // the current state points the withdrawal's slot at the position the grant now has
                problem(Kind.CURRENT_STATE_MISMATCH, VICTIM, withdrawal.id(), grant.position(), 3));
    }

    /**
     * Regression: the store handed verify(subject) the records sorted by the sequence they claim, so a swap
     * of positions, which makes the current state point the withdrawal's slot at the grant, went unseen.
     */
    @Test
    void verifySubject_namesRecordsWhosePositionsWereSwapped() {
        writeLedger();
        ConsentRecord grant = chain.get(0);
        ConsentRecord withdrawal = chain.get(2);

        execute("UPDATE " + records + " SET position = -1 WHERE position = ?", grant.position());
        execute("UPDATE " + records + " SET position = ? WHERE position = ?", grant.position(), withdrawal.position());
        execute("UPDATE " + records + " SET position = ? WHERE position = -1", withdrawal.position());

        assertThat(consent.ledger().verify(VICTIM).problems())
                .extracting(Problem::kind, Problem::recordId)
                .containsExactly(
                        tuple(Kind.MISSING_BEFORE, withdrawal.id()),
                        tuple(Kind.OUT_OF_ORDER, chain.get(1).id()),
                        tuple(Kind.OUT_OF_ORDER, grant.id()),
                        tuple(Kind.CURRENT_STATE_MISMATCH, withdrawal.id()));
    }

    @Test
    void verify_namesRecordsWhoseSubjectSequencesWereSwapped() {
        writeLedger();
        ConsentRecord second = chain.get(1);
        ConsentRecord third = chain.get(2);

        execute(
                "UPDATE " + records + " SET subject_seq = -1 WHERE record_id = ?",
                second.id().toString());
        execute(
                "UPDATE " + records + " SET subject_seq = 2 WHERE record_id = ?",
                third.id().toString());
        execute(
                "UPDATE " + records + " SET subject_seq = 3 WHERE record_id = ?",
                second.id().toString());

        assertVerifyNames(
                problem(Kind.CONTENT_CHANGED, VICTIM, second.id(), second.position(), 3),
                problem(Kind.MISSING_BEFORE, VICTIM, second.id(), second.position(), 3),
                problem(Kind.CONTENT_CHANGED, VICTIM, third.id(), third.position(), 2),
                problem(Kind.OUT_OF_ORDER, VICTIM, third.id(), third.position(), 2),
                problem(Kind.BROKEN_LINK, chain.get(3)));
    }

    /** A copy of the victim's grant, appended to the end of the chain under a new id and position. */
    @Test
    void verify_namesARecordInsertedAsACopyOfAnother() {
        writeLedger();
        long position = consent.ledger().headPosition() + 1;
        UUID id = UUID.randomUUID();

        execute(
                "INSERT INTO " + records + " (" + Rows.RECORD_COLUMNS + ") SELECT ?, ?, subject, ?, purpose_id,"
                        + " purpose_version, action, recorded_at, expires_at, notice_version, collection_point, channel,"
                        + " actor_type, actor_id, actor_authority, jurisdiction, interaction_id, evidence_digest, ?,"
                        + " record_hash FROM " + records + " WHERE record_id = ?",
                position,
                id.toString(),
                5,
                chain.get(3).hash().toHex(),
                chain.get(0).id().toString());

        assertVerifyNames(problem(Kind.CONTENT_CHANGED, VICTIM, id, position, 5));
    }

    @Test
    void verify_withAnIntegrityKey_namesARecordForgedWithARecomputedPlainHash() {
        writeLedger(b -> b.integrityKey(key()));
        ConsentRecord forged = forgeGrantAfterTheChain();

        insert(forged);

        assertVerifyNames(problem(Kind.CONTENT_CHANGED, forged));
    }

    /** Why the key matters: the same forgery on a ledger without one is a record like any other. */
    @Test
    void verify_withoutAnIntegrityKey_cannotTellARecordForgedWithARecomputedPlainHash() {
        writeLedger();

        insert(forgeGrantAfterTheChain());

        assertVerifyNames();
    }

    @Test
    void verify_namesARecordWhoseEvidenceDigestWasReplaced_andVerifySubjectSeesTheEvidenceNoLongerMatches() {
        writeLedger();
        ConsentRecord target = chain.get(0);

        execute(
                "UPDATE " + records + " SET evidence_digest = ? WHERE record_id = ?",
                "cd".repeat(32),
                target.id().toString());

        assertThat(named(consent.ledger().verify())).containsExactly(problem(Kind.CONTENT_CHANGED, target));
        assertThat(named(consent.ledger().verify(VICTIM)))
                .containsExactly(problem(Kind.CONTENT_CHANGED, target), problem(Kind.EVIDENCE_CHANGED, target));
    }

    @Test
    void verifySubject_namesARecordWhoseEvidenceWasChanged() {
        writeLedger();
        ConsentRecord target = chain.get(0);

        // whoever can write the tables can read the key table too (no master key here): the evidence re-sealed
        dev.consent.spi.StoredEvidence stored = store.readEvidence(VICTIM).get(target.id());
        String prefix = store.jdbc().tablePrefix();
        byte[] share = sql().withHandle(
                        h -> h.createQuery("SELECT key_share FROM " + prefix + "evidence_key WHERE subject = :s")
                                .bind("s", VICTIM)
                                .mapTo(byte[].class)
                                .one());
        dev.consent.spi.StoredEvidence changed = new dev.consent.spi.StoredEvidence(
                new dev.consent.Evidence(
                        "198.51.100.1",
                        stored.evidence().userAgent(),
                        stored.evidence().attributes()),
                stored.salt());
        execute(
                "UPDATE " + prefix + "evidence SET sealed = ? WHERE record_id = ?",
                dev.consent.spi.EvidenceSeal.seal(
                        changed, new javax.crypto.spec.SecretKeySpec(share, "AES"), VICTIM, target.id()),
                target.id().toString());

        assertThat(named(consent.ledger().verify(VICTIM))).containsExactly(problem(Kind.EVIDENCE_CHANGED, target));
    }

    /** A grant of e-mail after the victim's last record, linked and hashed as the library would without a key. */
    private ConsentRecord forgeGrantAfterTheChain() {
        ConsentRecord model = chain.get(0);
        ConsentRecord last = chain.get(3);
        ConsentRecord unsealed = new ConsentRecord(
                consent.ledger().headPosition() + 1,
                UUID.randomUUID(),
                VICTIM,
                last.subjectSequence() + 1,
                EMAIL,
                1,
                Action.GRANTED,
                last.recordedAt().plusSeconds(60),
                last.recordedAt().plus(Duration.ofDays(3650)),
                model.noticeVersion(),
                model.collectionPoint(),
                model.channel(),
                model.actor(),
                model.jurisdiction(),
                "forged-interaction",
                null,
                last.hash(),
                last.hash());
        return new ConsentRecord(
                unsealed.position(),
                unsealed.id(),
                unsealed.subject(),
                unsealed.subjectSequence(),
                unsealed.purposeId(),
                unsealed.purposeVersion(),
                unsealed.action(),
                unsealed.recordedAt(),
                unsealed.expiresAt(),
                unsealed.noticeVersion(),
                unsealed.collectionPoint(),
                unsealed.channel(),
                unsealed.actor(),
                unsealed.jurisdiction(),
                unsealed.interactionId(),
                unsealed.evidenceDigest(),
                unsealed.previousHash(),
                new RecordHasher(null).hash(unsealed));
    }

    private void insert(ConsentRecord r) {
        sql().useHandle(h -> RecordRows.bindRecord(
                        h.createUpdate("INSERT INTO " + records + " (" + Rows.RECORD_COLUMNS + ") VALUES ("
                                + RecordRows.RECORD_VALUES + ")"),
                        r)
                .execute());
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (31 * i + 5);
        }
        return key;
    }
}
