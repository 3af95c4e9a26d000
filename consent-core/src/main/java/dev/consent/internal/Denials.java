package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.consent.Decision;
import dev.consent.Enforcer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enforcer's denials that are not the rules' own: for a store that failed and for a purpose nobody defined,
 * counted for {@link dev.consent.EnforcerStats} and logged without flooding. Thread-safe.
 *
 * <p>Logging: an outage is logged at WARN at most every ten seconds (DEBUG otherwise); a check of an unknown
 * purpose at WARN once per purpose id per {@link UnknownPurposeLog#INTERVAL} (see there). Subject ids are
 * never logged: they may be personal data (an e-mail address), and logs outlive erasure.
 */
final class Denials {
    private static final long WARN_INTERVAL_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Enforcer.class);

    private final UnknownPurposeLog unknownPurposes;
    private final LongAdder storeUnavailable = new LongAdder();
    private final LongAdder unknownPurpose = new LongAdder();
    private final AtomicLong lastOutageWarn = new AtomicLong(Long.MIN_VALUE / 2);

    Denials(Ticker ticker) {
        this.unknownPurposes = new UnknownPurposeLog(LOG, ticker);
    }

    /** The denial of a check answered without the store because the store is failing: counted. Hot path. */
    Decision storeUnavailable(PurposeRuntime p) {
        storeUnavailable.increment();
        return p.storeUnavailable;
    }

    /** The denial of a check of a purpose nobody defined: the subject checked, counted and logged. */
    Decision unknown(String subject, String purposeId) {
        Checks.subject(subject);
        unknownPurpose.increment();
        unknownPurposes.denied(purposeId, unknownPurpose.sum());
        return Rules.unknownPurpose(purposeId);
    }

    /** A denial for a store that failed ({@link GuardedStore} has recorded the outage): counted and logged. */
    Decision outage(PurposeRuntime p, RuntimeException e) {
        storeUnavailable.increment();
        long now = System.nanoTime() / 1_000_000;
        long last = lastOutageWarn.get();
        if (now - last >= WARN_INTERVAL_MILLIS && lastOutageWarn.compareAndSet(last, now)) {
            LOG.warn(
                    "store unavailable: denied processing for purpose {} ({} such denials so far)",
                    p.purpose.id(),
                    storeUnavailable.sum(),
                    e);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "store unavailable: denied processing for purpose {} ({} such denials so far)",
                    p.purpose.id(),
                    storeUnavailable.sum(),
                    e);
        }
        return p.storeUnavailable;
    }

    /** Denials because the store failed or was failing, so far. */
    long storeUnavailable() {
        return storeUnavailable.sum();
    }

    /** Denials of purposes nobody defined, so far. */
    long unknownPurpose() {
        return unknownPurpose.sum();
    }
}
