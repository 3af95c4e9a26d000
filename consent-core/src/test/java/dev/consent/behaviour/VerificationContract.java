package dev.consent.behaviour;

import static dev.consent.behaviour.Fixtures.ANALYTICS;
import static dev.consent.behaviour.Fixtures.EMAIL;
import static dev.consent.behaviour.Fixtures.SMS;
import static dev.consent.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Evidence;
import dev.consent.Interaction;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Kind;
import dev.consent.VerificationReport.Problem;
import dev.consent.internal.RecordHasher;
import dev.consent.spi.StoredEvidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code verify()} over honest and damaged ledgers. The damage is done by a wrapper store that returns
 * altered records, as someone with write access to the database could; each problem must name the
 * record where the damage shows and what kind it is.
 */
public abstract class VerificationContract extends ContractBase {
    private static final String VICTIM = "victim";

    private TamperingStore tampering;
    private ConsentSystem cs;
    private List<ConsentRecord> chain;

    /** Three records for {@link #VICTIM}, others around them, through a system over a tampering store. */
    private void writeLedger(Consumer<ConsentSystem.Builder> settings) {
        tampering = new TamperingStore(store);
        cs = systemOver(tampering, settings);
        Fixtures.defineStandard(cs.purposes());
        cs.ledger().grant("bystander-1", EMAIL, WEB);
        chain = new ArrayList<>();
        chain.addAll(cs.ledger().grant(VICTIM, EMAIL, Fixtures.detailed()).records());
        clock.advance(Duration.ofMinutes(1));
        cs.ledger().grant("bystander-2", SMS, WEB);
        chain.addAll(cs.ledger().object(VICTIM, ANALYTICS, WEB).records());
        clock.advance(Duration.ofMinutes(1));
        chain.addAll(cs.ledger().withdraw(VICTIM, EMAIL, WEB).records());
        cs.ledger().withdraw("bystander-1", EMAIL, WEB);
        assertThat(cs.ledger().verify().ok()).as("the ledger is sound before the damage").isTrue();
    }

    @Test
    void verify_onAnHonestLedger_findsNoProblem() {
        ConsentSystem sys = systemWithPurposes();
        for (int i = 0; i < 30; i++) {
            sys.ledger().record(Interaction.builder("user-" + (i % 7)).context(Fixtures.detailed())
                    .decision(i % 2 == 0 ? EMAIL : SMS, 0, i % 3 == 0 ? Action.WITHDRAWN : Action.GRANTED).build());
        }
        sys.ledger().erase("user-3", WEB);
        sys.ledger().markDeceased("user-4", WEB);

        VerificationReport all = sys.ledger().verify();
        VerificationReport one = sys.ledger().verify("user-1");

        assertThat(all.ok()).isTrue();
        assertThat(all.problems()).isEmpty();
        assertThat(all.subjects()).isEqualTo(7);
        assertThat(all.records()).isEqualTo(32);
        assertThat(one.ok()).isTrue();
        assertThat(one.subjects()).isEqualTo(1);
        assertThat(one.records()).isEqualTo(sys.ledger().history("user-1").size());
    }

    @Test
    void verify_withAnIntegrityKey_onAnHonestLedger_findsNoProblem() {
        writeLedger(b -> b.integrityKey(key()));

        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().verify(VICTIM).ok()).isTrue();
    }

    @Test
    void verify_namesARecordWhoseFieldWasChanged() {
        writeLedger(b -> { });
        ConsentRecord target = chain.get(1);
        tampering.tamperRecords(records -> replace(records, target.id(), r -> new ConsentRecord(r.position(), r.id(),
                r.subject(), r.subjectSequence(), r.purposeId(), r.purposeVersion(), r.action(), r.recordedAt(),
                r.expiresAt(), r.noticeVersion(), "call_centre", r.channel(), r.actor(), r.jurisdiction(),
                r.interactionId(), r.evidenceDigest(), r.previousHash(), r.hash())));

        for (VerificationReport report : List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.ok()).isFalse();
            assertThat(report.problems()).extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.CONTENT_CHANGED, target.id()));
            Problem p = report.problems().get(0);
            assertThat(p.subject()).isEqualTo(VICTIM);
            assertThat(p.position()).isEqualTo(target.position());
            assertThat(p.subjectSequence()).isEqualTo(2);
            assertThat(p.detail()).isNotBlank();
        }
    }

    @Test
    void verify_namesTheRecordAfterOneRemovedFromTheMiddle() {
        writeLedger(b -> { });
        ConsentRecord removed = chain.get(1);
        tampering.tamperRecords(records -> {
            List<ConsentRecord> out = new ArrayList<>(records);
            out.removeIf(r -> r.id().equals(removed.id()));
            return out;
        });

        for (VerificationReport report : List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems()).extracting(Problem::kind, Problem::recordId, Problem::subject)
                    .containsExactly(tuple(Kind.MISSING_BEFORE, chain.get(2).id(), VICTIM));
        }
    }

    @Test
    void verify_namesRecordsWhoseOrderWasSwapped() {
        writeLedger(b -> { });
        ConsentRecord second = chain.get(1);
        ConsentRecord third = chain.get(2);
        tampering.tamperRecords(records -> {
            List<ConsentRecord> out = new ArrayList<>(records);
            int i = indexOf(out, second.id());
            int j = indexOf(out, third.id());
            if (i >= 0 && j >= 0) {
                out.set(i, third.withPosition(second.position()));
                out.set(j, second.withPosition(third.position()));
            }
            return out;
        });

        for (VerificationReport report : List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems()).extracting(Problem::kind, Problem::recordId).containsExactly(
                    tuple(Kind.MISSING_BEFORE, third.id()),
                    tuple(Kind.OUT_OF_ORDER, second.id()));
        }
    }

    @Test
    void verify_withAnIntegrityKey_namesARecordForgedWithAPlainHash() {
        writeLedger(b -> b.integrityKey(key()));
        ConsentRecord withdrawal = chain.get(2);
        ConsentRecord forged = sealWithoutKey(new ConsentRecord(withdrawal.position(), withdrawal.id(),
                withdrawal.subject(), withdrawal.subjectSequence(), withdrawal.purposeId(), withdrawal.purposeVersion(),
                Action.GRANTED, withdrawal.recordedAt(), withdrawal.recordedAt().plus(Duration.ofDays(3650)),
                withdrawal.noticeVersion(), withdrawal.collectionPoint(), withdrawal.channel(), withdrawal.actor(),
                withdrawal.jurisdiction(), withdrawal.interactionId(), withdrawal.evidenceDigest(),
                withdrawal.previousHash(), withdrawal.hash()));
        tampering.tamperRecords(records -> replace(records, withdrawal.id(), r -> forged));

        for (VerificationReport report : List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems()).extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.CONTENT_CHANGED, withdrawal.id()));
        }
    }

    @Test
    void verifySubject_namesARecordWhoseEvidenceWasChanged() {
        writeLedger(b -> { });
        ConsentRecord withEvidence = chain.get(0);
        tampering.tamperEvidence(evidence -> {
            Map<UUID, StoredEvidence> out = new HashMap<>(evidence);
            StoredEvidence e = out.get(withEvidence.id());
            if (e != null) {
                out.put(withEvidence.id(), new StoredEvidence(Evidence.of("198.51.100.1", e.evidence().userAgent()),
                        e.salt()));
            }
            return out;
        });

        VerificationReport report = cs.ledger().verify(VICTIM);

        assertThat(report.problems()).extracting(Problem::kind, Problem::recordId)
                .containsExactly(tuple(Kind.EVIDENCE_CHANGED, withEvidence.id()));
    }

    private static ConsentRecord sealWithoutKey(ConsentRecord r) {
        return new ConsentRecord(r.position(), r.id(), r.subject(), r.subjectSequence(), r.purposeId(),
                r.purposeVersion(), r.action(), r.recordedAt(), r.expiresAt(), r.noticeVersion(), r.collectionPoint(),
                r.channel(), r.actor(), r.jurisdiction(), r.interactionId(), r.evidenceDigest(), r.previousHash(),
                new RecordHasher(null).hash(r));
    }

    private static List<ConsentRecord> replace(List<ConsentRecord> records, UUID id,
            java.util.function.UnaryOperator<ConsentRecord> change) {
        List<ConsentRecord> out = new ArrayList<>(records.size());
        for (ConsentRecord r : records) {
            out.add(r.id().equals(id) ? change.apply(r) : r);
        }
        return out;
    }

    private static int indexOf(List<ConsentRecord> records, UUID id) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        return key;
    }
}
