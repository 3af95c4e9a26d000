package dev.consent.testkit.reliability;

import dev.consent.ConsentRecord;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.SubjectAppend;
import dev.consent.testkit.behaviour.ForwardingStore;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store whose commits are acknowledged or not, for {@link LostAcknowledgementContract}, and how many were
 * not. A database store drops the connection after the driver's commit; the default
 * ({@link #failingAfterAppend}) fails in the store interface, after the append returned.
 */
public interface LossyStore {
    /** The store to build the system over. */
    ConsentStore store();

    /** How many commits were lost on the way back so far. */
    long dropped();

    /** What was injected, for the figures. */
    String fault();

    /** {@code store}, its append failing after it stored with probability {@code share}. */
    static LossyStore failingAfterAppend(ConsentStore store, double share, long seed) {
        LongAdder dropped = new LongAdder();
        SplittableRandom random = new SplittableRandom(seed);
        ConsentStore lossy = new ForwardingStore(store) {
            @Override
            public synchronized List<ConsentRecord> append(List<SubjectAppend> appends) {
                List<ConsentRecord> stored = super.append(appends);
                if (random.nextDouble() < share) {
                    dropped.increment();
                    throw new IllegalStateException("simulated: connection reset after commit");
                }
                return stored;
            }
        };
        return new LossyStore() {
            @Override
            public ConsentStore store() {
                return lossy;
            }

            @Override
            public long dropped() {
                return dropped.sum();
            }

            @Override
            public String fault() {
                return "append fails after it stored";
            }
        };
    }
}
