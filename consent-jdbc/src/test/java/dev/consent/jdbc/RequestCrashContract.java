package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.Actor;
import dev.consent.ConsentSystem;
import dev.consent.DecisionReason;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.ErasureStage;
import dev.consent.requests.RequestRun;
import dev.consent.requests.RequestStatus;
import dev.consent.requests.RequestStore;
import dev.consent.testkit.behaviour.Fixtures;
import dev.consent.testkit.reliability.ReliabilityContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability: a process carrying an erasure out ({@link RequestCrashChild}) is killed with SIGKILL while its
 * targets run, {@value #KILLS} times at different moments (in the first, second or third stage's call, before or
 * after its effect), each time a new request. This JVM then resumes
 * ({@code resumeInterrupted}) over the same database and journals: the request completes, each target's journal
 * holds exactly one erasure for the request's key, a target that succeeded before the kill is not called again,
 * an interrupted step is called again with {@code maybeDoneBefore}, and the ledger's subject is erased. The
 * targets' effects are lines forced to disk ({@link JournaledTarget}); each call takes 100 to 300 ms.
 */
@Tag(ReliabilityContract.TAG)
abstract class RequestCrashContract extends DatabaseContract {
    static final int KILLS = 5;
    static final Actor DPO = Actor.operator("dpo-crash");
    static final List<String> TARGETS = List.of("orders", "accounts", "search");
    /**
     * The latest kill after a target's call began: before the shortest call (100 ms) ends, half of it before the
     * target's effect and half after.
     */
    static final long MAX_KILL_MILLIS = 80;

    @TempDir
    Path dir;

    static String subject(int run) {
        return "erasable-" + run;
    }

    static String requestId(int run) {
        return "dsr-crash-" + run;
    }

    /** The desk both processes build: three journaled targets in three stages. */
    static DataSubjectRequests desk(RequestStore requests, ConsentSystem consent, Path journals, long seed) {
        List<ErasureStage> stages = List.of(ErasureStage.DEPENDENTS, ErasureStage.PRIMARY, ErasureStage.INDEXES);
        DataSubjectRequests.Builder b = DataSubjectRequests.builder()
                .store(requests)
                .consent(consent)
                .stepTimeout(Duration.ofSeconds(10))
                .retries(3, Duration.ofMillis(10));
        for (int i = 0; i < TARGETS.size(); i++) {
            String name = TARGETS.get(i);
            b.erasureTarget(stages.get(i), name, new JournaledTarget(journals.resolve(name), seed * 7 + i, 100, 300));
        }
        return b.build();
    }

    @Test
    void erasureKilledWhileTargetsRun_resumes_toOneErasurePerTarget_andAnErasedSubject() throws Exception {
        assumeFalse(database().standsInForANamedServer(), "runs on the PostgreSQL server named instead");
        boolean h2 = database().name().startsWith("H2");
        assumeTrue(
                h2 ? database().name().contains("file") : database().reachableFromOtherProcesses(),
                "a crash needs a database that outlives the process: an H2 file or a server");
        String url;
        String prefix;
        if (h2) {
            url = "jdbc:h2:file:" + dir.resolve("requests").toAbsolutePath();
            prefix = "dsr_";
        } else {
            url = database().jdbcUrl();
            prefix = newStore().jdbc().tablePrefix();
        }
        SplittableRandom random = new SplittableRandom(11);
        int interruptedRuns = 0;
        for (int run = 0; run < KILLS; run++) {
            Process child = ChildJvm.start(RequestCrashChild.class, url, prefix, dir.toString(), Integer.toString(run));
            try {
                ChildJvm.awaitReady(child);
                String target = TARGETS.get(run % TARGETS.size());
                awaitCall(target, requestId(run) + "/erase:" + target);
                Thread.sleep(random.nextLong(MAX_KILL_MILLIS));
            } finally {
                ChildJvm.kill(child);
            }
            if (resumeAndCheck(url, prefix, run)) {
                interruptedRuns++;
            }
        }
        assertThat(interruptedRuns).as("runs killed while a step ran").isEqualTo(KILLS);
    }

    /** Resumes the run's request in this JVM and checks it; whether the kill interrupted a step. */
    private boolean resumeAndCheck(String url, String prefix, int run) throws Exception {
        String id = requestId(run);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcConsentStore store = JdbcConsentStore.builder(pool)
                    .tablePrefix(prefix)
                    .schemaMode(SchemaMode.VALIDATE)
                    .build();
            try (ConsentSystem consent = ConsentSystem.builder()
                            .store(store)
                            .feedPollInterval(Duration.ZERO)
                            .build();
                    DataSubjectRequests desk = desk(store.requestStore(), consent, dir, 1_000 + run)) {
                DataSubjectRequest killed = desk.get(id);
                assertThat(killed.status()).as("run %d at the kill", run).isEqualTo(RequestStatus.IN_PROGRESS);
                Map<String, DataSubjectRequest.Step> before = killed.steps();

                List<RequestRun> runs = desk.resumeInterrupted(DPO);

                assertThat(runs).extracting(r -> r.request().id()).containsExactly(id);
                DataSubjectRequest after = desk.get(id);
                assertThat(after.status()).as("run %d resumed", run).isEqualTo(RequestStatus.COMPLETED);
                assertThat(consent.enforcer()
                                .check(subject(run), Fixtures.EMAIL)
                                .reason())
                        .isEqualTo(DecisionReason.SUBJECT_ERASED);
                boolean interrupted = false;
                for (String target : TARGETS) {
                    String step = "erase:" + target;
                    String key = id + "/" + step;
                    List<String> journal = JournaledTarget.lines(dir.resolve(target));
                    assertThat(journal.stream().filter(("erased " + key)::equals))
                            .as("erasures of %s in %s's journal", key, target)
                            .hasSize(1);
                    DataSubjectRequest.Step was = before.get(step);
                    long calls = journal.stream()
                            .filter(l -> l.startsWith("call " + key + " "))
                            .count();
                    if (was != null && was.succeeded()) {
                        assertThat(calls)
                                .as("calls of %s, succeeded before the kill", step)
                                .isEqualTo(was.attempts());
                    }
                    if (was != null && was.interrupted()) {
                        interrupted = true;
                        assertThat(journal)
                                .as("the call resuming %s", step)
                                .contains("call " + key + " " + (was.attempts() + 1) + " true");
                        assertThat(after.steps().get(step).attempts()).isEqualTo(was.attempts() + 1);
                    }
                    assertThat(after.steps().get(step).succeeded()).isTrue();
                }
                System.out.println("request crash, " + database().name() + ", run " + run + ": at the kill "
                        + before.values().stream()
                                .map(s -> s.name()
                                        + (s.succeeded() ? " succeeded" : s.interrupted() ? " interrupted" : " failed"))
                                .toList());
                return interrupted;
            }
        }
    }

    /** Waits until the child calls {@code target} for {@code key}: the kill then lands while it runs. */
    private void awaitCall(String target, String key) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (JournaledTarget.lines(dir.resolve(target)).stream().noneMatch(l -> l.startsWith("call " + key + " "))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the child never called " + target + " for " + key);
            }
            Thread.sleep(2);
        }
    }
}
