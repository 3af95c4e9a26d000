package dev.consent.requests;

import dev.consent.ConsentSystem;
import dev.consent.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@link DataSubjectRequests#builder()}: the settings, checked as they are set. */
final class DeskBuilder implements DataSubjectRequests.Builder {
    RequestStore store;
    ConsentSystem consent;
    Clock clock = Clock.systemUTC();
    ZoneId zone = ZoneOffset.UTC;
    DeadlineRules deadlines = DeadlineRules.builtIn();
    final Map<String, AccessSource> sources = new LinkedHashMap<>();
    final EnumMap<ErasureStage, Map<String, ErasureTarget>> targets = new EnumMap<>(ErasureStage.class);
    private Duration timeout = Duration.ofSeconds(30);
    private int attempts = 3;
    private Duration backoff = Duration.ofSeconds(1);
    private int threads = 4;

    @Override
    public DeskBuilder store(RequestStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    @Override
    public DeskBuilder consent(ConsentSystem consent) {
        this.consent = Objects.requireNonNull(consent, "consent");
        return this;
    }

    @Override
    public DeskBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    @Override
    public DeskBuilder zone(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    @Override
    public DeskBuilder deadlines(DeadlineRules deadlines) {
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        return this;
    }

    @Override
    public DeskBuilder accessSource(String name, AccessSource source) {
        DeskRules.name(name);
        Objects.requireNonNull(source, "source");
        if (sources.putIfAbsent(name, source) != null) {
            throw new InvalidInputException("name", name, "is the name of another access source");
        }
        return this;
    }

    @Override
    public DeskBuilder erasureTarget(ErasureStage stage, String name, ErasureTarget target) {
        Objects.requireNonNull(stage, "stage");
        DeskRules.name(name);
        Objects.requireNonNull(target, "target");
        for (Map<String, ErasureTarget> named : targets.values()) {
            if (named.containsKey(name)) {
                throw new InvalidInputException("name", name, "is the name of another erasure target");
            }
        }
        targets.computeIfAbsent(stage, s -> new LinkedHashMap<>()).put(name, target);
        return this;
    }

    @Override
    public DeskBuilder stepTimeout(Duration timeout) {
        this.timeout = DeskRules.positive("stepTimeout", timeout);
        return this;
    }

    @Override
    public DeskBuilder retries(int attempts, Duration backoff) {
        if (attempts < 1) {
            throw new InvalidInputException("attempts", attempts, "must be at least 1");
        }
        this.attempts = attempts;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (backoff.isNegative()) {
            throw new InvalidInputException("backoff", backoff, "must not be negative");
        }
        return this;
    }

    @Override
    public DeskBuilder threads(int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads", threads, "must be at least 1");
        }
        this.threads = threads;
        return this;
    }

    DataSubjectRequests.StepSettings settings() {
        return new DataSubjectRequests.StepSettings(timeout, attempts, backoff, threads);
    }

    @Override
    public DataSubjectRequests build() {
        return new DataSubjectRequests(this);
    }
}
