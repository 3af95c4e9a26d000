package dev.consent.testkit.reliability;

import static dev.consent.testkit.behaviour.Fixtures.ANALYTICS;
import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConcurrentUpdateException;
import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.VerificationReport;
import dev.consent.WriteResult;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.behaviour.ForwardingStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Reliability 1, concurrent writers: {@value #THREADS} threads, split over two {@link ConsentSystem}s (two
 * nodes over one database, on a store that has a second node), write mixed grants, withdrawals, objections and
 * two-purpose interactions on {@value #HOT_SUBJECTS} hot subjects. Every acknowledged write is in the ledger
 * exactly once, per-subject sequences and global positions are dense, replaying each subject's records gives
 * the store's current state, and {@code verify()} is clean.
 */
public abstract class ConcurrentWritersContract extends ReliabilityContract {
    static final int THREADS = 8;
    static final int HOT_SUBJECTS = 4;
    /** Writes per thread at scale 1. */
    static final int WRITES_PER_THREAD = 40;

    @Test
    void concurrentWriters_onHotSubjects_loseNothing_duplicateNothing_andLeaveAVerifiableLedger() throws Exception {
        LongAdder conflicts = new LongAdder();
        ConsentSystem nodeA = systemOver(counting(store, conflicts), b -> b.conflictRetries(1000));
        Fixtures.defineStandard(nodeA.purposes());
        ConsentSystem nodeB = systemOver(counting(secondNode(), conflicts), b -> b.conflictRetries(1000));
        int perThread = Reliability.scaled(WRITES_PER_THREAD);
        Queue<WriteResult> acknowledged = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong attempted = new AtomicLong();

        try {
            Threads.run(THREADS, thread -> {
                ConsentSystem node = thread % 2 == 0 ? nodeA : nodeB;
                SplittableRandom random = new SplittableRandom(thread * 7919L);
                for (int i = 0; i < perThread; i++) {
                    Interaction interaction = mixed(random, "t" + thread + "-" + i);
                    attempted.incrementAndGet();
                    try {
                        acknowledged.add(node.ledger().record(interaction));
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
        } finally {
            nodeB.close();
        }

        Map<String, List<ConsentRecord>> bySubject = new HashMap<>();
        for (int s = 0; s < HOT_SUBJECTS; s++) {
            bySubject.put(subject(s), nodeA.ledger().history(subject(s)));
        }
        long lost = 0;
        long duplicated = 0;
        Set<String> acknowledgedIds = new HashSet<>();
        for (WriteResult w : acknowledged) {
            assertThat(w.replayed()).isFalse();
            acknowledgedIds.add(w.interactionId());
            List<ConsentRecord> stored = bySubject.get(w.subject()).stream()
                    .filter(r -> r.interactionId().equals(w.interactionId()))
                    .toList();
            if (stored.size() < w.records().size()) {
                lost++;
            } else if (stored.size() > w.records().size()) {
                duplicated++;
            } else {
                assertThat(stored)
                        .as("the records stored for %s", w.interactionId())
                        .isEqualTo(w.records());
            }
        }
        long unacknowledged = bySubject.values().stream()
                .flatMap(List::stream)
                .filter(r -> !acknowledgedIds.contains(r.interactionId()))
                .count();
        long records = bySubject.values().stream().mapToLong(List::size).sum();
        Set<Long> positions = new HashSet<>();
        bySubject.values().stream().flatMap(List::stream).forEach(r -> positions.add(r.position()));
        VerificationReport report = nodeA.ledger().verify();

        figures("concurrent-writers")
                .parameter("threads", THREADS)
                .parameter("nodes", 2)
                .parameter("hot subjects", HOT_SUBJECTS)
                .count("operations", attempted.get())
                .count("acknowledged", acknowledged.size())
                .count("failed", failures.size())
                .count("records", records)
                .count("conflicts retried", conflicts.sum())
                .count("lost", lost)
                .count("duplicated", duplicated)
                .count("unacknowledged stored", unacknowledged)
                .count("verify problems", report.problems().size())
                .write();

        assertThat(failures).as("writes that failed").isEmpty();
        assertThat(acknowledged).hasSize(THREADS * perThread);
        assertThat(lost).as("acknowledged writes missing from the ledger").isZero();
        assertThat(duplicated).as("acknowledged writes stored more than once").isZero();
        assertThat(unacknowledged).as("records of writes never acknowledged").isZero();
        assertThat(positions).as("distinct positions").hasSize((int) records);
        assertThat(nodeA.ledger().headPosition()).isEqualTo(records);
        assertThat(store.readFeed(0, (int) records + 1))
                .extracting(ConsentRecord::position)
                .as("global positions are dense")
                .containsExactlyElementsOf(range(records));
        for (int s = 0; s < HOT_SUBJECTS; s++) {
            List<ConsentRecord> history = bySubject.get(subject(s));
            assertThat(history)
                    .extracting(ConsentRecord::subjectSequence)
                    .as("sequences of %s", subject(s))
                    .containsExactlyElementsOf(range(history.size()));
            assertThat(store.loadCurrentState(subject(s)).latest())
                    .as("the current state of %s", subject(s))
                    .containsExactlyInAnyOrderElementsOf(replay(history));
        }
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(records);
    }

    /** One random interaction on a hot subject: a grant, a withdrawal, an objection or its withdrawal, or two at once. */
    private static Interaction mixed(SplittableRandom random, String interactionId) {
        Interaction.Builder b = Interaction.builder(subject(random.nextInt(HOT_SUBJECTS)))
                .interactionId(interactionId)
                .context(WEB);
        String purpose = random.nextBoolean() ? EMAIL : SMS;
        switch (random.nextInt(6)) {
            case 0, 1 -> b.grant(purpose);
            case 2 -> b.withdraw(purpose);
            case 3 -> b.object(ANALYTICS);
            case 4 -> b.withdrawObjection(ANALYTICS);
            default -> b.grant(EMAIL).withdraw(SMS);
        }
        return b.build();
    }

    /** The latest record of each purpose and each lifecycle action, as the records say. */
    static List<ConsentRecord> replay(List<ConsentRecord> history) {
        Map<String, ConsentRecord> latest = new HashMap<>();
        for (ConsentRecord r : history) {
            latest.put(r.purposeId() == null ? "lifecycle:" + r.action() : r.purposeId(), r);
        }
        return new ArrayList<>(latest.values());
    }

    static String subject(int i) {
        return "hot-" + i;
    }

    static List<Long> range(long n) {
        List<Long> out = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    /** A store that counts the conflicts its appends report (each one a retry of the system's). */
    static ConsentStore counting(ConsentStore target, LongAdder conflicts) {
        return new ForwardingStore(target) {
            @Override
            public List<ConsentRecord> append(List<SubjectAppend> appends) {
                try {
                    return super.append(appends);
                } catch (ConcurrentUpdateException e) {
                    conflicts.increment();
                    throw e;
                }
            }
        };
    }
}
