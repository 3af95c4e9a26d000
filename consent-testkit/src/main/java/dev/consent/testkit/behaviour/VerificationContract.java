package dev.consent.testkit.behaviour;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static dev.consent.testkit.behaviour.RecordEdits.indexOf;
import static dev.consent.testkit.behaviour.RecordEdits.integrityKey;
import static dev.consent.testkit.behaviour.RecordEdits.replace;
import static dev.consent.testkit.behaviour.RecordEdits.sealWithoutKey;
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
import dev.consent.spi.CurrentState;
import dev.consent.spi.StoredEvidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code verify()} over honest and damaged ledgers. The damage is done by a wrapper store that returns
 * altered records or evidence, as someone with write access to the database could; each problem must name the
 * record where the damage shows and what kind it is. Honest ledgers, also with appends running during
 * verification, must give no report. A current state that disagrees with the records is
 * {@link CurrentStateVerificationContract}'s topic.
 */
public abstract class VerificationContract extends BehaviourContract {
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
    void verify_onAnHonestLedger_findsNoProblem() {
        ConsentSystem sys = systemWithPurposes();
        for (int i = 0; i < 30; i++) {
            sys.ledger()
                    .record(Interaction.builder("user-" + (i % 7))
                            .context(Fixtures.detailed())
                            .decision(i % 2 == 0 ? EMAIL : SMS, 0, i % 3 == 0 ? Action.WITHDRAWN : Action.GRANTED)
                            .build());
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
        writeLedger(b -> b.integrityKey(integrityKey()));

        assertThat(cs.ledger().verify().ok()).isTrue();
        assertThat(cs.ledger().verify(VICTIM).ok()).isTrue();
    }

    @Test
    void verify_namesARecordWhoseFieldWasChanged() {
        writeLedger(b -> {});
        ConsentRecord target = chain.get(1);
        tampering.tamperRecords(records -> replace(
                records,
                target.id(),
                r -> new ConsentRecord(
                        r.position(),
                        r.id(),
                        r.subject(),
                        r.subjectSequence(),
                        r.purposeId(),
                        r.purposeVersion(),
                        r.action(),
                        r.recordedAt(),
                        r.expiresAt(),
                        r.noticeVersion(),
                        "call_centre",
                        r.channel(),
                        r.actor(),
                        r.jurisdiction(),
                        r.interactionId(),
                        r.evidenceDigest(),
                        r.previousHash(),
                        r.hash())));

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.ok()).isFalse();
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
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
        writeLedger(b -> {});
        ConsentRecord removed = chain.get(1);
        tampering.tamperRecords(records -> {
            List<ConsentRecord> out = new ArrayList<>(records);
            out.removeIf(r -> r.id().equals(removed.id()));
            return out;
        });

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId, Problem::subject)
                    .containsExactly(tuple(Kind.MISSING_BEFORE, chain.get(2).id(), VICTIM));
            long missing = removed.subjectSequence();
            assertThat(report.problems().get(0).detail())
                    .isEqualTo("1 record(s) missing before this one (sequence " + missing + " to " + missing + ")");
        }
    }

    @Test
    void verify_aSecondRecordWithTheSameSequence_isOutOfOrder_andTheNextRecordNoLongerLinks() {
        writeLedger(b -> {});
        ConsentRecord original = chain.get(1);
        ConsentRecord rival = sealWithoutKey(RecordEdits.withNewId(original));
        tampering.tamperRecords(records -> {
            List<ConsentRecord> out = new ArrayList<>(records);
            int i = indexOf(out, original.id());
            if (i >= 0) {
                out.add(i + 1, rival);
            }
            return out;
        });

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(
                            tuple(Kind.OUT_OF_ORDER, rival.id()),
                            tuple(Kind.BROKEN_LINK, chain.get(2).id()));
        }
    }

    @Test
    void verify_namesRecordsWhoseOrderWasSwapped() {
        writeLedger(b -> {});
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

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.MISSING_BEFORE, third.id()), tuple(Kind.OUT_OF_ORDER, second.id()));
        }
    }

    @Test
    void verify_withAnIntegrityKey_namesARecordForgedWithAPlainHash() {
        writeLedger(b -> b.integrityKey(integrityKey()));
        ConsentRecord withdrawal = chain.get(2);
        ConsentRecord forged = sealWithoutKey(new ConsentRecord(
                withdrawal.position(),
                withdrawal.id(),
                withdrawal.subject(),
                withdrawal.subjectSequence(),
                withdrawal.purposeId(),
                withdrawal.purposeVersion(),
                Action.GRANTED,
                withdrawal.recordedAt(),
                withdrawal.recordedAt().plus(Duration.ofDays(3650)),
                withdrawal.noticeVersion(),
                withdrawal.collectionPoint(),
                withdrawal.channel(),
                withdrawal.actor(),
                withdrawal.jurisdiction(),
                withdrawal.interactionId(),
                withdrawal.evidenceDigest(),
                withdrawal.previousHash(),
                withdrawal.hash()));
        tampering.tamperRecords(records -> replace(records, withdrawal.id(), r -> forged));

        for (VerificationReport report :
                List.of(cs.ledger().verify(), cs.ledger().verify(VICTIM))) {
            assertThat(report.problems())
                    .extracting(Problem::kind, Problem::recordId)
                    .containsExactly(tuple(Kind.CONTENT_CHANGED, withdrawal.id()));
        }
    }

    @Test
    void verifySubject_namesARecordWhoseEvidenceWasChanged() {
        writeLedger(b -> {});
        ConsentRecord withEvidence = chain.get(0);
        tampering.tamperEvidence(evidence -> {
            Map<UUID, StoredEvidence> out = new HashMap<>(evidence);
            StoredEvidence e = out.get(withEvidence.id());
            if (e != null) {
                out.put(
                        withEvidence.id(),
                        new StoredEvidence(
                                Evidence.of("198.51.100.1", e.evidence().userAgent()), e.salt()));
            }
            return out;
        });

        VerificationReport report = cs.ledger().verify(VICTIM);

        assertThat(report.problems())
                .extracting(Problem::kind, Problem::recordId)
                .containsExactly(tuple(Kind.EVIDENCE_CHANGED, withEvidence.id()));
    }

    @Test
    void verify_onAnHonestLedgerOfMoreSubjectsThanOneChunk_findsNoProblem_loadingCurrentStatesInChunks() {
        CountingStore counting = new CountingStore(store);
        ConsentSystem sys = systemOver(counting, b -> {});
        Fixtures.defineStandard(sys.purposes());
        int subjects = 1_001;
        for (int i = 0; i < subjects; i++) {
            sys.ledger()
                    .record(Interaction.builder("user-" + i)
                            .context(WEB)
                            .grant(EMAIL)
                            .object(ANALYTICS)
                            .build());
        }
        counting.reset();

        VerificationReport report = sys.ledger().verify();

        assertThat(report.problems()).isEmpty();
        assertThat(report.subjects()).isEqualTo(subjects);
        assertThat(counting.loadCurrentStatesCalls()).isEqualTo(2);
        assertThat(counting.loadCurrentStatesSubjects()).isEqualTo(subjects);
    }

    @Test
    void verify_whileAppendsRun_reportsNoMismatchForRecordsAppendedMeanwhile() {
        ConsentSystem writer = systemWithPurposes();
        AtomicInteger round = new AtomicInteger();
        Runnable write = () -> {
            int n = round.incrementAndGet();
            String subject = n % 3 == 0 ? "newcomer-" + n : "user-" + n % 2;
            if (n % 2 == 0) {
                writer.ledger().grant(subject, EMAIL, WEB);
            } else {
                writer.ledger()
                        .record(Interaction.builder(subject)
                                .context(WEB)
                                .withdraw(EMAIL)
                                .object(ANALYTICS)
                                .build());
            }
        };
        ForwardingStore writesBetweenReads = new ForwardingStore(store) {
            @Override
            public long headPosition() {
                long head = super.headPosition();
                write.run();
                return head;
            }

            @Override
            public List<ConsentRecord> readFeed(long afterPosition, int limit) {
                write.run();
                return super.readFeed(afterPosition, limit);
            }

            @Override
            public List<ConsentRecord> readSubject(String subject) {
                write.run();
                return super.readSubject(subject);
            }

            @Override
            public CurrentState loadCurrentState(String subject) {
                write.run();
                return super.loadCurrentState(subject);
            }

            @Override
            public Map<String, CurrentState> loadCurrentStates(java.util.Collection<String> subjects) {
                write.run();
                return super.loadCurrentStates(subjects);
            }
        };
        ConsentSystem verifier = systemOver(writesBetweenReads, b -> {});
        for (int i = 0; i < 4; i++) {
            write.run();
        }

        for (int i = 0; i < 5; i++) {
            assertThat(verifier.ledger().verify().problems()).isEmpty();
            assertThat(verifier.ledger().verify("user-1").problems()).isEmpty();
            assertThat(verifier.ledger().verify("user-0").problems()).isEmpty();
        }
        assertThat(verifier.ledger().history("user-1")).hasSizeGreaterThan(10);
    }

    @Test
    void verify_whileWritersRaceOnOtherThreads_findsNoProblem() throws Exception {
        ConsentSystem sys = systemWithPurposes();
        int writesEach = 300;
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                String subject = "writer-" + t;
                running.add(writers.submit(() -> {
                    for (int n = 0; n < writesEach; n++) {
                        sys.ledger()
                                .record(Interaction.builder(n % 5 == 0 ? subject + "-" + n : subject)
                                        .context(WEB)
                                        .decision(
                                                n % 2 == 0 ? EMAIL : SMS,
                                                0,
                                                n % 3 == 0 ? Action.WITHDRAWN : Action.GRANTED)
                                        .build());
                    }
                    return null;
                }));
            }
            List<Problem> found = new ArrayList<>();
            int verifications = 0;
            while (verifications < 10 || !running.stream().allMatch(Future::isDone)) {
                found.addAll(sys.ledger().verify().problems());
                found.addAll(
                        sys.ledger().verify("writer-" + (verifications % 2)).problems());
                verifications++;
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }

            assertThat(found).isEmpty();
            assertThat(sys.ledger().verify().records()).isEqualTo(2L * writesEach);
        } finally {
            writers.shutdownNow();
        }
    }
}
