package dev.consent.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Logs denials of unknown purposes at WARN once per purpose id per {@link #INTERVAL}, measured by the
 * system's clock (through the cache's ticker), so that a typo in a purpose id on a hot path writes one
 * line a minute, not one per check. The denials are all counted in {@code EnforcerStats.unknownPurpose}.
 *
 * <p>The ids are remembered in a bounded cache ({@link #REMEMBERED} ids, by their shown form, at most 60
 * characters, see {@link ValueText#describe}), so that a stream of distinct made-up ids cannot grow memory;
 * beyond that bound an id may be logged more often. Checks of known purposes never come here. Thread-safe.
 */
final class UnknownPurposeLog {
    /** How long after logging a purpose id the next denial of that id is not logged. */
    static final Duration INTERVAL = Duration.ofMinutes(1);
    /** Most purpose ids remembered as logged. */
    static final int REMEMBERED = 1_000;

    private final Logger log;
    private final Cache<String, Boolean> logged;

    UnknownPurposeLog(Logger log, Ticker ticker) {
        this.log = log;
        this.logged = Caffeine.newBuilder()
                .maximumSize(REMEMBERED)
                .expireAfterWrite(INTERVAL)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** A check of {@code purposeId} was denied as unknown; {@code total} such denials so far. */
    void denied(String purposeId, long total) {
        String shown = ValueText.describe(purposeId);
        if (logged.asMap().putIfAbsent(shown, Boolean.TRUE) == null) {
            log.warn(
                    "denied processing for unknown purpose {} ({} such denials so far; each unknown id is logged at "
                            + "most once a minute)",
                    shown,
                    total);
        }
    }
}
