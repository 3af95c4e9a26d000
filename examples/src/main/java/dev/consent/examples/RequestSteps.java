package dev.consent.examples;

import static dev.consent.examples.NewsletterExample.ANALYTICS;
import static dev.consent.examples.NewsletterExample.JURISDICTION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.Actor;
import dev.consent.Channel;
import dev.consent.ConsentSystem;
import dev.consent.Decision;
import dev.consent.Tombstone;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.ErasureResult;
import dev.consent.requests.ErasureStage;
import dev.consent.requests.NewRequest;
import dev.consent.requests.RequestEvent;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestRun;
import dev.consent.requests.RequestStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The steps of the newsletter story where bob exercises his rights through the data-protection officer's
 * desk: an access request, answered with one package from the ledger and the shop's two systems, and an
 * erasure request carried out over those systems in order before the ledger erases him. The shop's customer
 * database refuses the first erasure call (a dropped connection) and the desk retries it.
 */
final class RequestSteps {
    /** The officer who handles the requests. */
    static final Actor DPO = Actor.operator("dpo");

    private final Narrator narrator;
    private final PrintStream out;
    private final SettableClock clock;
    /** The shop's customer database: bob's account and orders. */
    private final Map<String, List<String>> customers = new LinkedHashMap<>();
    /** The shop's newsletter archive: who received which issue. */
    private final Map<String, List<String>> archive = new LinkedHashMap<>();

    private final AtomicInteger customerErasureCalls = new AtomicInteger();

    RequestSteps(Narrator narrator) {
        this.narrator = narrator;
        this.out = narrator.out;
        this.clock = narrator.clock;
        customers.put("bob", new ArrayList<>(List.of("account bob@example.org", "order 2026-0117", "order 2026-0342")));
        archive.put("bob", new ArrayList<>(List.of("issue 2026-03")));
    }

    /** The desk over {@code requests}, with the shop's two systems as access sources and erasure targets. */
    DataSubjectRequests desk(ConsentSystem consent, RequestStore requests) {
        return DataSubjectRequests.builder()
                .store(requests)
                .consent(consent)
                .clock(clock)
                .accessSource("customer-db", subject -> customers.getOrDefault(subject, List.of()))
                .accessSource("newsletter-archive", subject -> archive.getOrDefault(subject, List.of()))
                .erasureTarget(ErasureStage.PRIMARY, "customer-db", call -> {
                    if (customerErasureCalls.incrementAndGet() == 1) {
                        throw new IOException("connection reset by the customer database");
                    }
                    List<String> gone = customers.remove(call.subject());
                    return ErasureResult.erased(gone == null ? 0 : gone.size());
                })
                .erasureTarget(ErasureStage.INDEXES, "newsletter-archive", call -> {
                    List<String> gone = archive.remove(call.subject());
                    return ErasureResult.erased(gone == null ? 0 : gone.size());
                })
                .retries(3, Duration.ofMillis(100))
                // one call at a time, so that the events come in the same order on every run of the example;
                // an application leaves the default (the steps of a stage at once)
                .threads(1)
                .build();
    }

    // ---------------------------------------------------------------- step 8

    void access(DataSubjectRequests desk) {
        clock.set(Instant.parse("2026-04-07T14:00:00Z"));
        narrator.heading(
                "bob asks what the shop holds on him",
                "bob e-mails the data-protection officer: an access request (GDPR Art. 15). The desk records it with",
                "its deadline (one month: EU rules), the officer verifies his identity, and the desk collects his",
                "data from the ledger and from the shop's two systems into one package.");
        DataSubjectRequest r = desk.open(
                NewRequest.of("bob", RequestKind.ACCESS, JURISDICTION, Channel.EMAIL)
                        .withId("dsr-2026-0001")
                        .withEvidence("message-id", "<access-bob@example.org>"),
                DPO);
        out.println("  Request " + r.id() + " received " + r.receivedOn() + ", due " + r.due() + " ("
                + r.daysLeft(desk.today()) + " days), extendable to " + r.extendableTo() + ".");
        desk.verifyIdentity(r.id(), DPO, "reply from the account's e-mail address");
        RequestRun run = desk.carryOut(r.id(), DPO);
        ObjectNode pack = run.accessPackage();
        out.println();
        Table table = new Table("part of the package", "items");
        table.row("ledger records", pack.at("/ledger/history").size());
        pack.get("sources").fields().forEachRemaining(e -> table.row("source " + e.getKey(), size(e.getValue())));
        table.row("sources that failed", pack.get("failedSources").size());
        table.print(out);
        out.println();
        out.println("  The request is " + run.request().status() + " after "
                + run.request().daysToAnswer() + " days; its events:");
        out.println();
        events(run.request());
    }

    private static int size(JsonNode node) {
        return node.isArray() || node.isObject() ? node.size() : 1;
    }

    // ---------------------------------------------------------------- step 9

    void erasure(ConsentSystem consent, DataSubjectRequests desk) {
        clock.set(Instant.parse("2026-04-08T09:00:00Z"));
        narrator.heading(
                "bob asks to be erased",
                "bob asks for his data to be erased (GDPR Art. 17). The desk erases it from the customer database",
                "first, then from the newsletter archive built from it; the customer database drops the first call,",
                "and the desk retries it. Last, the ledger deletes the evidence (IP address, user agent) and appends an",
                "erasure record: the decisions and their hash chain stay as proof, and every check that rests on",
                "consent denies from now on.");
        int evidenceBefore = consent.ledger().evidence("bob").size();
        int recordsBefore = consent.ledger().history("bob").size();
        DataSubjectRequest r = desk.open(
                NewRequest.of("bob", RequestKind.ERASURE, JURISDICTION, Channel.EMAIL)
                        .withId("dsr-2026-0002")
                        .withEvidence("message-id", "<erase-bob@example.org>"),
                DPO);
        desk.verifyIdentity(r.id(), DPO, "reply from the account's e-mail address");
        RequestRun run = desk.carryOut(r.id(), DPO);
        events(run.request());
        out.println();
        Table table = new Table("what", "before", "after");
        table.row(
                "customer-db entries for bob",
                3,
                customers.getOrDefault("bob", List.of()).size());
        table.row(
                "newsletter-archive entries for bob",
                1,
                archive.getOrDefault("bob", List.of()).size());
        table.row(
                "evidence stored for bob",
                evidenceBefore,
                consent.ledger().evidence("bob").size());
        table.row(
                "records of bob", recordsBefore, consent.ledger().history("bob").size());
        table.print(out);
        out.println();
        Decision d = consent.enforcer().check("bob", ANALYTICS);
        out.println("  The request is " + run.request().status() + ". check(bob, " + ANALYTICS + "): "
                + Narrator.yesNo(d) + ", " + d.reason() + ".");
        out.println("  The tombstone list names every erased subject, so that a restore from an older backup can be");
        out.println("  erased again (ledger().reapplyErasures):");
        out.println();
        Table tombstones = new Table("subject", "erased at", "ledger position");
        for (Tombstone t : consent.ledger().tombstones()) {
            tombstones.row(t.subject(), Format.time(t.erasedAt()), t.position());
        }
        tombstones.print(out);
    }

    private void events(DataSubjectRequest request) {
        Table table = new Table("#", "event", "actor", "step", "attempt", "outcome");
        for (RequestEvent e : request.events()) {
            String outcome = e.detail("error") != null ? e.detail("error") : e.detail("summary");
            table.row(
                    e.sequence(),
                    e.type(),
                    e.actor().id() == null ? e.actor().type() : e.actor().id(),
                    e.detail("step"),
                    e.detail("attempt"),
                    outcome);
        }
        table.print(out);
    }
}
