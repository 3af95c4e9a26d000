package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static dev.consent.testkit.behaviour.RecordEdits.replace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.VerificationReport;
import dev.consent.VerificationReport.Kind;
import dev.consent.VerificationReport.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code verify()} against a current state that disagrees with the records: a wrapper store returns a current
 * state pointing at an older record, missing a purpose or a lifecycle action, holding a record the records do
 * not, holding the right record with other content, or pointing beyond the ledger head. Each problem must be
 * {@code CURRENT_STATE_MISMATCH}, name the record where the damage shows and say what differs.
 */
public abstract class CurrentStateVerificationContract extends BehaviourContract {
    private static final String VICTIM = VictimLedger.VICTIM;

    private TamperingStore tampering;
    private ConsentSystem cs;
    private List<ConsentRecord> chain;

    private void writeLedger(Consumer<ConsentSystem.Builder> settings) {
        tampering = new TamperingStore(store);
        cs = systemOver(tampering, settings);
        chain = VictimLedger.write(cs, clock);
    }

    @Test
    void verify_namesAPurposeWhoseCurrentStatePointsAtAnOlderRecord() {
        writeLedger(b -> {});
        ConsentRecord grant = chain.get(0);
        ConsentRecord withdrawal = chain.get(2);
        tampering.tamperCurrentStateOf(VICTIM, latest -> replace(latest, withdrawal.id(), r -> grant));

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::subject, Problem::recordId)
                    .containsExactly(tuple(Kind.CURRENT_STATE_MISMATCH, VICTIM, withdrawal.id()));
            Problem p = report.problems().get(0);
            assertThat(p.position()).isEqualTo(withdrawal.position());
            assertThat(p.subjectSequence()).isEqualTo(3);
            assertThat(p.detail())
                    .contains(
                            "purpose " + EMAIL,
                            grant.id().toString(),
                            withdrawal.id().toString());
        }
    }

    @Test
    void verify_namesAPurposeAndALifecycleActionMissingFromTheCurrentState() {
        writeLedger(b -> {});
        ConsentRecord erasure = cs.ledger().erase(VICTIM, WEB).records().get(0);
        ConsentRecord objection = chain.get(1);
        tampering.tamperCurrentStateOf(VICTIM, latest -> {
            List<ConsentRecord> out = new ArrayList<>(latest);
            out.removeIf(r -> r.id().equals(objection.id()) || r.id().equals(erasure.id()));
            return out;
        });

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(
                            tuple(Kind.CURRENT_STATE_MISMATCH, objection.id()),
                            tuple(Kind.CURRENT_STATE_MISMATCH, erasure.id()));
            assertThat(report.problems().get(0).detail()).contains("purpose " + ANALYTICS, "has no record");
            assertThat(report.problems().get(1).detail()).contains("lifecycle action SUBJECT_ERASED");
        }
    }

    @Test
    void verify_namesARecordTheCurrentStateHoldsButTheRecordsDoNot() {
        writeLedger(b -> {});
        ConsentRecord withdrawal = chain.get(2);
        ConsentRecord invented = new ConsentRecord(
                withdrawal.position(),
                UUID.randomUUID(),
                VICTIM,
                3,
                SMS,
                1,
                Action.GRANTED,
                withdrawal.recordedAt(),
                null,
                null,
                withdrawal.collectionPoint(),
                withdrawal.channel(),
                withdrawal.actor(),
                null,
                withdrawal.interactionId(),
                null,
                withdrawal.previousHash(),
                withdrawal.hash());
        tampering.tamperCurrentStateOf(VICTIM, latest -> {
            List<ConsentRecord> out = new ArrayList<>(latest);
            out.add(invented);
            return out;
        });

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.CURRENT_STATE_MISMATCH, invented.id()));
            assertThat(report.problems().get(0).detail()).contains("purpose " + SMS, "the records have none");
        }
    }

    @Test
    void verify_namesACurrentStateThatHoldsTheRightRecordWithOtherContent() {
        writeLedger(b -> {});
        ConsentRecord withdrawal = chain.get(2);
        tampering.tamperCurrentStateOf(
                VICTIM,
                latest -> replace(
                        latest,
                        withdrawal.id(),
                        r -> new ConsentRecord(
                                r.position(),
                                r.id(),
                                r.subject(),
                                r.subjectSequence(),
                                r.purposeId(),
                                r.purposeVersion(),
                                Action.GRANTED,
                                r.recordedAt(),
                                r.recordedAt().plus(Duration.ofDays(3650)),
                                r.noticeVersion(),
                                r.collectionPoint(),
                                r.channel(),
                                r.actor(),
                                r.jurisdiction(),
                                r.interactionId(),
                                r.evidenceDigest(),
                                r.previousHash(),
                                r.hash())));

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.CURRENT_STATE_MISMATCH, withdrawal.id()));
            assertThat(report.problems().get(0).detail())
                    .contains("purpose " + EMAIL, "content other than the stored record");
        }
    }

    @Test
    void verify_namesACurrentStatePointingBeyondTheLedgerHead() {
        writeLedger(b -> {});
        ConsentRecord withdrawal = chain.get(2);
        long beyond = cs.ledger().headPosition() + 100;
        tampering.tamperCurrentStateOf(VICTIM, latest -> replace(latest, withdrawal.id(), r -> r.withPosition(beyond)));

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.CURRENT_STATE_MISMATCH, withdrawal.id()));
            assertThat(report.problems().get(0).detail()).contains("position " + beyond);
        }
    }
}
