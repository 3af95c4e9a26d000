package dev.consent.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.consent.Channel;
import dev.consent.ConsentSystem;
import dev.consent.PurposeConflictException;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.NewRequest;
import dev.consent.requests.RequestKind;
import dev.consent.testkit.behaviour.Fixtures;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An erasure carried out in a process of its own, for {@link RequestCrashContract} to kill with SIGKILL:
 * arguments JDBC URL, table prefix, journal directory, run number. Grants the run's subject a purpose, opens,
 * verifies and starts the run's erasure request over the JDBC request store, prints {@code ready}, carries it
 * out over the three journaled targets, prints {@code done} and waits to be killed.
 */
final class RequestCrashChild {
    private RequestCrashChild() {}

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setMaximumPoolSize(4);
        HikariDataSource pool = new HikariDataSource(config);
        JdbcConsentStore store =
                JdbcConsentStore.builder(pool).tablePrefix(args[1]).build();
        ConsentSystem consent = ConsentSystem.builder()
                .store(store)
                .feedPollInterval(Duration.ZERO)
                .build();
        try {
            Fixtures.defineStandard(consent.purposes());
        } catch (PurposeConflictException e) {
            // defined by an earlier run: the same definitions
        }
        int run = Integer.parseInt(args[3]);
        String subject = RequestCrashContract.subject(run);
        String id = RequestCrashContract.requestId(run);
        consent.ledger().grant(subject, Fixtures.EMAIL, Fixtures.WEB);
        DataSubjectRequests desk = RequestCrashContract.desk(store.requestStore(), consent, Path.of(args[2]), run);
        desk.open(
                NewRequest.of(subject, RequestKind.ERASURE, "EU", Channel.EMAIL).withId(id), RequestCrashContract.DPO);
        desk.verifyIdentity(id, RequestCrashContract.DPO, "signed-in account");
        desk.start(id, RequestCrashContract.DPO);
        System.out.println("ready");
        System.out.flush();
        desk.carryOut(id, RequestCrashContract.DPO);
        System.out.println("done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
