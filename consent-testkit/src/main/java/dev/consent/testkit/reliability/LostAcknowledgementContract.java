package dev.consent.testkit.reliability;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.SMS;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import dev.consent.Interaction;
import dev.consent.StoreUnavailableException;
import dev.consent.WriteResult;
import dev.consent.testkit.behaviour.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reliability 4, the connection lost after a commit: on a share of writes the store commits and then fails as
 * if the connection dropped before the acknowledgement arrived, so the caller sees
 * {@link StoreUnavailableException} for a write that happened. The caller retries with the same interaction
 * id until it gets an answer; no interaction is ever stored twice, and none is lost.
 */
public abstract class LostAcknowledgementContract extends ReliabilityContract {
    /** Writes at scale 1. */
    static final int WRITES = 200;
    /** The share of commits whose acknowledgement is lost. */
    static final double SHARE = 0.3;

    static final int SUBJECTS = 10;

    /**
     * The test's store, failing after a successful commit with probability {@code share}. The default fails in
     * the store interface, after the append returned; a database store overrides it to drop the connection
     * after the driver's commit.
     */
    protected LossyStore lossy(double share, long seed) {
        return LossyStore.failingAfterAppend(store, share, seed);
    }

    @Test
    void commitAcknowledgementLost_retryWithTheSameInteractionId_neverDuplicates_andLosesNothing() {
        Fixtures.defineStandard(system().purposes());
        LossyStore lossy = lossy(SHARE, 42);
        ConsentSystem cs = systemOver(lossy.store(), b -> {});
        int writes = Reliability.scaled(WRITES);
        List<WriteResult> answers = new ArrayList<>();
        long unknownOutcomes = 0;
        long replayed = 0;

        for (int i = 0; i < writes; i++) {
            Interaction.Builder b = Interaction.builder("subject-" + i % SUBJECTS)
                    .interactionId("form-" + i)
                    .context(WEB);
            Interaction interaction =
                    (i % 3 == 0 ? b.grant(EMAIL).grant(SMS) : i % 3 == 1 ? b.withdraw(EMAIL) : b.grant(EMAIL)).build();
            WriteResult answer = null;
            for (int attempt = 0; answer == null; attempt++) {
                assertThat(attempt).as("attempts of form-%d", i).isLessThan(50);
                try {
                    answer = cs.ledger().record(interaction);
                } catch (StoreUnavailableException e) {
                    unknownOutcomes++;
                }
            }
            if (answer.replayed()) {
                replayed++;
            }
            assertThat(answer.records()).hasSize(interaction.items().size());
            answers.add(answer);
        }

        long duplicated = 0;
        long lost = 0;
        for (int s = 0; s < SUBJECTS; s++) {
            List<ConsentRecord> history = cs.ledger().history("subject-" + s);
            for (WriteResult w : answers) {
                if (!w.subject().equals("subject-" + s)) {
                    continue;
                }
                List<ConsentRecord> stored = history.stream()
                        .filter(r -> r.interactionId().equals(w.interactionId()))
                        .toList();
                if (stored.size() > w.records().size()) {
                    duplicated++;
                } else if (!stored.equals(w.records())) {
                    lost++;
                }
            }
        }
        long records = answers.stream().mapToLong(w -> w.records().size()).sum();
        boolean clean = cs.ledger().verify().ok();

        figures("lost-acknowledgement")
                .parameter("fault", lossy.fault())
                .parameter("writes", writes)
                .parameter("share", SHARE)
                .count("acknowledgements lost", lossy.dropped())
                .count("unknown outcomes seen", unknownOutcomes)
                .count("retries answered as replayed", replayed)
                .count("duplicated", duplicated)
                .count("lost", lost)
                .count("verify clean", clean)
                .write();

        assertThat(lossy.dropped()).as("faults injected").isPositive();
        assertThat(duplicated).as("interactions stored twice").isZero();
        assertThat(lost).as("interactions missing or differing from the answer").isZero();
        assertThat(cs.ledger().headPosition()).isEqualTo(records);
        assertThat(clean).isTrue();
    }
}
