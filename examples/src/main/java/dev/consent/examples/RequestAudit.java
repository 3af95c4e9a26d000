package dev.consent.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.DataSubjectRequests;
import dev.consent.requests.RequestEvent;
import dev.consent.requests.RequestReport;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The audit mode's questions about data-subject requests: which are due soon, which are overdue, the figures
 * of a period, and one request with every event. Reads only.
 */
final class RequestAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSubjectRequests desk;
    private final PrintStream out;

    RequestAudit(DataSubjectRequests desk, PrintStream out) {
        this.desk = desk;
        this.out = out;
    }

    /** {@code requests due [DAYS]}, {@code requests overdue} or {@code requests report FROM TO}. */
    void requests(List<String> args, boolean json) {
        String what = args.isEmpty() ? "" : args.get(0);
        switch (what) {
            case "due" -> {
                if (args.size() > 2) {
                    AuditMode.arguments(args, 2, "due [DAYS]");
                }
                int days = args.size() == 2 ? days(args.get(1)) : 7;
                list(desk.dueWithin(days), json, "open requests due within " + days + " days");
            }
            case "overdue" -> {
                AuditMode.arguments(args, 1, "overdue");
                list(desk.overdue(), json, "overdue requests");
            }
            case "report" -> {
                AuditMode.arguments(args, 3, "report FROM TO");
                report(desk.report(AuditMode.instant("FROM", args.get(1)), AuditMode.instant("TO", args.get(2))), json);
            }
            default ->
                throw new dev.consent.InvalidInputException(
                        "arguments", String.join(" ", args), "must be due [DAYS], overdue, or report FROM TO");
        }
    }

    /** {@code request show ID}. */
    void request(List<String> args, boolean json) {
        AuditMode.arguments(args, 2, "show ID");
        if (!args.get(0).equals("show")) {
            throw new dev.consent.InvalidInputException("arguments", String.join(" ", args), "must be show ID");
        }
        DataSubjectRequest r = desk.get(args.get(1));
        if (json) {
            ObjectNode root = summary(r);
            ArrayNode events = root.putArray("events");
            for (RequestEvent e : r.events()) {
                ObjectNode n = events.addObject();
                n.put("sequence", e.sequence());
                n.put("type", e.type().name());
                n.put("at", e.at().toString());
                n.put("actorType", e.actor().type().name());
                n.put("actorId", e.actor().id());
                e.details().forEach(n.putObject("details")::put);
            }
            AuditMode.printJson(out, root);
            return;
        }
        out.println("Request " + r.id() + ": " + r.kind() + " of " + r.subject() + " (" + r.jurisdiction() + ", by "
                + r.channel() + "), " + r.status());
        out.println("received " + r.receivedOn() + ", due " + r.due() + (r.extended() ? " (extended)" : "")
                + (r.closed() ? ", answered " + r.closedOn() + (r.answeredInTime() ? " in time" : " late") : ""));
        out.println();
        Table table = new Table("#", "at", "event", "actor", "details");
        for (RequestEvent e : r.events()) {
            table.row(
                    e.sequence(),
                    e.at(),
                    e.type(),
                    e.actor().id() == null ? e.actor().type() : e.actor().id(),
                    e.type() == dev.consent.requests.RequestEventType.RECEIVED
                            ? ""
                            : e.details().toString());
        }
        table.print(out);
    }

    private void list(List<DataSubjectRequest> requests, boolean json, String title) {
        LocalDate today = desk.today();
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            for (DataSubjectRequest r : requests) {
                array.add(summary(r).put("daysLeft", r.daysLeft(today)));
            }
            AuditMode.printJson(out, array);
            return;
        }
        out.println(requests.size() + " " + title + " (today is " + today + ")");
        if (!requests.isEmpty()) {
            Table table = new Table("request", "kind", "subject", "status", "received", "due", "days left");
            for (DataSubjectRequest r : requests) {
                table.row(r.id(), r.kind(), r.subject(), r.status(), r.receivedOn(), r.due(), r.daysLeft(today));
            }
            table.print(out);
        }
    }

    private void report(RequestReport report, boolean json) {
        if (json) {
            AuditMode.printJson(out, report.toJson());
        } else {
            out.print(report.toTable());
        }
    }

    private static ObjectNode summary(DataSubjectRequest r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("kind", r.kind().name());
        n.put("subject", r.subject());
        n.put("jurisdiction", r.jurisdiction());
        n.put("status", r.status().name());
        n.put("receivedOn", r.receivedOn().toString());
        n.put("due", r.due().toString());
        n.put("extended", r.extended());
        return n;
    }

    private static int days(String text) {
        try {
            int days = Integer.parseInt(text);
            if (days >= 0) {
                return days;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new dev.consent.InvalidInputException("DAYS", text, "must be a whole number of days, 0 or more");
    }
}
