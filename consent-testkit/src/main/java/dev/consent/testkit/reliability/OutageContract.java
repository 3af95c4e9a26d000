package dev.consent.testkit.reliability;

import static dev.consent.testkit.behaviour.Fixtures.EMAIL;
import static dev.consent.testkit.behaviour.Fixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.DecisionReason;
import dev.consent.OutagePolicy;
import dev.consent.StoreUnavailableException;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.behaviour.Fixtures;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Reliability 5, store outage: the store goes down while reader threads check and a writer writes, on a
 * system that serves cached snapshots during outages and one that denies everything. Checks that need the
 * store deny with {@link DecisionReason#STORE_UNAVAILABLE} at once, cached allows end at the hard bound
 * ({@code cacheExpireAfterWrite}), the deny-all system allows nothing once it saw the outage, writes throw
 * {@link StoreUnavailableException} and leave nothing, and after the store returns everything works again
 * without a restart.
 */
public abstract class OutageContract extends ReliabilityContract {
    static final Duration HARD_BOUND = Duration.ofMinutes(1);
    static final int READERS = 3;
    /** Checks per reader at scale 1. */
    static final int CHECKS = 3_000;

    static final int SUBJECTS = 20;
    /** The longest a check may take while the store is down. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    /** How the test takes the store down and up again; by default a wrapper whose every call throws. */
    protected StoreOutage outage() {
        return StoreOutage.everyCallThrows(store);
    }

    @Test
    void storeDown_checksDenyAsUnavailable_cachedAllowsEndAtTheHardBound_writesLeaveNothing_andAllRecovers()
            throws Exception {
        StoreOutage outage = outage();
        ConsentStore target = outage.store();
        ConsentSystem serving = systemOver(target, b -> b.cacheExpireAfterWrite(HARD_BOUND));
        Fixtures.defineStandard(serving.purposes());
        ConsentSystem denying =
                systemOver(target, b -> b.cacheExpireAfterWrite(HARD_BOUND).outagePolicy(OutagePolicy.DENY_ALL));
        for (int i = 0; i < SUBJECTS; i++) {
            serving.ledger().grant(warm(i), EMAIL, WEB);
            assertThat(serving.enforcer().check(warm(i), EMAIL).allowed()).isTrue(); // now cached in serving
            denying.ledger().grant(cold(i), EMAIL, WEB); // not cached in serving
            assertThat(denying.enforcer().check(warm(i), EMAIL).allowed()).isTrue();
        }
        long head = serving.ledger().headPosition();
        int checks = Reliability.scaled(CHECKS);

        Map<DecisionReason, LongAdder> servingReasons = new ConcurrentHashMap<>();
        Map<DecisionReason, LongAdder> denyingReasons = new ConcurrentHashMap<>();
        LongAdder wrongAllows = new LongAdder();
        LongAdder allowsPastBound = new LongAdder();
        LongAdder writesRefused = new LongAdder();
        LongAdder writesOtherwise = new LongAdder();
        AtomicLong slowest = new AtomicLong();
        AtomicBoolean pastBound = new AtomicBoolean();
        CountDownLatch halfway = new CountDownLatch(READERS);

        outage.down();
        assertThat(denying.enforcer().check("someone-new", EMAIL).reason()).isEqualTo(DecisionReason.STORE_UNAVAILABLE);
        Threads.run(READERS + 2, thread -> {
            if (thread == READERS) { // the writer
                for (int i = 0; i < checks / 20; i++) {
                    try {
                        (i % 2 == 0 ? serving : denying).ledger().grant("written-" + i, EMAIL, WEB);
                        writesOtherwise.increment();
                    } catch (StoreUnavailableException e) {
                        writesRefused.increment();
                    }
                }
                return;
            }
            if (thread == READERS + 1) { // the clock passes the hard bound halfway through
                halfway.await();
                clock.advance(HARD_BOUND.plusSeconds(1));
                pastBound.set(true);
                return;
            }
            for (int i = 0; i < checks; i++) {
                if (i == checks / 2) {
                    halfway.countDown();
                }
                int s = (i * 7 + thread) % SUBJECTS;
                boolean bound = pastBound.get();
                long start = System.nanoTime();
                Decision w = serving.enforcer().check(warm(s), EMAIL);
                Decision c = serving.enforcer().check(cold(s), EMAIL);
                Decision d = denying.enforcer().check(warm(s), EMAIL);
                slowest.accumulateAndGet((System.nanoTime() - start) / 3, Math::max);
                count(servingReasons, w);
                count(servingReasons, c);
                count(denyingReasons, d);
                if (w.allowed() && bound) {
                    allowsPastBound.increment();
                }
                if (w.allowed() && w.reason() != DecisionReason.CONSENT_GRANTED || c.allowed() || d.allowed()) {
                    wrongAllows.increment();
                }
            }
        });
        outage.up();

        long headAfter = serving.ledger().headPosition();
        long writtenAfter = serving.ledger().history("written-0").size()
                + serving.ledger().history("written-1").size();
        clock.advance(Duration.ofSeconds(2)); // the deny-all system probes the store at most once a second
        boolean recovered = true;
        for (int i = 0; i < SUBJECTS; i++) {
            recovered &= serving.enforcer().check(warm(i), EMAIL).allowed()
                    && serving.enforcer().check(cold(i), EMAIL).allowed()
                    && denying.enforcer().check(warm(i), EMAIL).allowed();
        }
        boolean writesWork = serving.ledger().grant("after", EMAIL, WEB).position() == head + 1;

        figures("outage")
                .parameter("fault", outage.fault())
                .parameter("readers", READERS)
                .parameter("checks per reader", checks * 3)
                .parameter("hard bound", HARD_BOUND.toMinutes() + " min, passed halfway")
                .count("serve-cached decisions", sorted(servingReasons))
                .count("deny-all decisions", sorted(denyingReasons))
                .count("writes refused", writesRefused.sum())
                .count("writes not refused", writesOtherwise.sum())
                .count("allows past the hard bound", allowsPastBound.sum())
                .count("wrong allows", wrongAllows.sum())
                .count("slowest check", String.format(java.util.Locale.ROOT, "%.1f ms", slowest.get() / 1e6))
                .count("recovered without restart", recovered && writesWork)
                .write();

        assertThat(allowsPastBound.sum())
                .as("cached allows served past the hard bound")
                .isZero();
        assertThat(wrongAllows.sum()).as("allows that should not have been").isZero();
        assertThat(writesOtherwise.sum())
                .as("writes that did not throw StoreUnavailableException")
                .isZero();
        assertThat(writesRefused.sum()).isEqualTo(checks / 20);
        assertThat(headAfter).as("the ledger head after the outage").isEqualTo(head);
        assertThat(writtenAfter).isZero();
        assertThat(Duration.ofNanos(slowest.get())).isLessThan(CHECK_TIMEOUT);
        assertThat(servingReasons.keySet())
                .containsOnly(DecisionReason.CONSENT_GRANTED, DecisionReason.STORE_UNAVAILABLE);
        assertThat(servingReasons.get(DecisionReason.STORE_UNAVAILABLE).sum())
                .as("checks of subjects not cached, and of all once past the bound")
                .isGreaterThanOrEqualTo(checks);
        assertThat(denyingReasons.keySet()).containsOnly(DecisionReason.STORE_UNAVAILABLE);
        assertThat(recovered).as("checks work again after the outage").isTrue();
        assertThat(writesWork).as("writes work again after the outage").isTrue();
    }

    private static void count(Map<DecisionReason, LongAdder> reasons, Decision d) {
        reasons.computeIfAbsent(d.reason(), r -> new LongAdder()).increment();
    }

    private static Map<DecisionReason, Long> sorted(Map<DecisionReason, LongAdder> reasons) {
        Map<DecisionReason, Long> out = new EnumMap<>(DecisionReason.class);
        reasons.forEach((r, n) -> out.put(r, n.sum()));
        return new TreeMap<>(out);
    }

    private static String warm(int i) {
        return "warm-" + i;
    }

    private static String cold(int i) {
        return "cold-" + i;
    }
}
