package dev.consent.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.Enforcer;
import dev.consent.memory.InMemoryConsentStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * R1, R1d and R6: checks answered from the cache, against Caffeine's {@code getIfPresent} on a cache built
 * with the same maximum size and {@code expireAfterWrite}, holding the same keys. Every subject is
 * prepopulated (granted e-mail, refused SMS) and cached before measuring; the keys are Zipf-distributed.
 * E-mail then gets an editorial version 2 adding a recipient, so the recipient-scoped checks (R1r, R1rd)
 * allow the recipient of version 1 and deny the one added.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CachedChecks {
    /** Subjects in the ledger and in both caches. */
    @Param("100000")
    public int subjects;

    ConsentSystem consent;
    Enforcer enforcer;
    Cache<String, Object> bare;
    String[] keys;
    List<String> all;
    int index;

    @Setup(Level.Trial)
    public void setUp() {
        String[] population = Zipf.subjects(subjects);
        long size = 2L * subjects;
        consent = Fixture.system(new InMemoryConsentStore(), size);
        Fixture.populate(consent, population);
        enforcer = consent.enforcer();
        consent.purposes() // an editorial version adding a recipient nobody agreed to
                .define(consent.purposes().get(Fixture.EMAIL).toBuilder()
                        .version(2)
                        .recipients(List.of(Fixture.MAILER, Fixture.PARTNER))
                        .build());
        bare = Caffeine.newBuilder()
                .maximumSize(size)
                .expireAfterWrite(Fixture.EXPIRE_AFTER_WRITE)
                .build();
        for (String s : population) {
            enforcer.check(s, Fixture.EMAIL); // loads the snapshot into the cache
            bare.put(s, Boolean.TRUE);
        }
        keys = Zipf.draw(population, 42);
        all = List.of(population);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        consent.close();
    }

    /** R1: {@code require} that allows, from the cache. */
    @Benchmark
    public void requireAllowed() {
        enforcer.require(keys[index++ & Zipf.MASK], Fixture.EMAIL);
    }

    /** R1d: {@code check} that denies, from the cache. */
    @Benchmark
    public Decision checkDenied() {
        return enforcer.check(keys[index++ & Zipf.MASK], Fixture.SMS);
    }

    /** R1r: {@code require} for a recipient the version agreed to names, from the cache. */
    @Benchmark
    public void requireAllowedForRecipient() {
        enforcer.require(keys[index++ & Zipf.MASK], Fixture.EMAIL, Fixture.MAILER);
    }

    /** R1rd: {@code check} for a recipient added by a version nobody agreed to: denied, from the cache. */
    @Benchmark
    public Decision checkRecipientNotAgreed() {
        return enforcer.check(keys[index++ & Zipf.MASK], Fixture.EMAIL, Fixture.PARTNER);
    }

    /** Baseline of R1 and R1d: a bare cache lookup. */
    @Benchmark
    public Object baselineGetIfPresent() {
        return bare.getIfPresent(keys[index++ & Zipf.MASK]);
    }

    /** R6: a bulk check of every subject, all cached. */
    @Benchmark
    public Map<String, Decision> bulkWarm() {
        return enforcer.checkAll(all, Fixture.EMAIL);
    }

    /** Baseline of R6: {@code getIfPresent} for every subject. */
    @Benchmark
    public void baselineBulkGetIfPresent(Blackhole bh) {
        Cache<String, Object> c = bare;
        for (String s : all) {
            bh.consume(c.getIfPresent(s));
        }
    }
}
