package dev.consent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.requests.DataSubjectRequest;
import dev.consent.requests.RequestEvent;
import dev.consent.requests.RequestReport;
import java.time.LocalDate;
import java.util.List;

/**
 * The commands over data-subject requests: {@code requests due}, {@code requests overdue} (exit
 * {@link Exit#FINDING} when any is), {@code requests report} and {@code request show}.
 */
final class RequestCommands {
    private RequestCommands() {}

    /** {@code requests due [DAYS]}. */
    static final class Due implements Command {
        @Override
        public String name() {
            return "requests due";
        }

        @Override
        public String synopsis() {
            return "[DAYS]";
        }

        @Override
        public String summary() {
            return "open data-subject requests due within DAYS days (7)";
        }

        @Override
        public int run(Invocation call) {
            if (call.args().size() > 1) {
                call.expect(1, "[DAYS]");
            }
            int days = call.args().isEmpty() ? 7 : days(call.args().get(0));
            list(call, call.requests().dueWithin(days), "open requests due within " + days + " days");
            return Exit.OK;
        }

        private static int days(String text) {
            if (!text.matches("[0-9]{1,5}")) {
                throw new UsageException("DAYS " + text + " is not a whole number of days, 0 or more");
            }
            return Integer.parseInt(text);
        }
    }

    /** {@code requests overdue}. */
    static final class Overdue implements Command {
        @Override
        public String name() {
            return "requests overdue";
        }

        @Override
        public String synopsis() {
            return "";
        }

        @Override
        public String summary() {
            return "open requests past their deadline; exit 1 if there are any";
        }

        @Override
        public int run(Invocation call) {
            call.expect(0, "");
            List<DataSubjectRequest> overdue = call.requests().overdue();
            list(call, overdue, "overdue requests");
            return overdue.isEmpty() ? Exit.OK : Exit.FINDING;
        }
    }

    /** {@code requests report FROM TO}. */
    static final class Report implements Command {
        @Override
        public String name() {
            return "requests report";
        }

        @Override
        public String synopsis() {
            return "FROM TO";
        }

        @Override
        public String summary() {
            return "the figures of the requests received in [FROM, TO) (CCPA 7102(a))";
        }

        @Override
        public int run(Invocation call) {
            call.expect(2, "FROM TO");
            RequestReport report = call.requests().report(call.instant(0, "FROM"), call.instant(1, "TO"));
            if (call.json()) {
                call.out().json(report.toJson());
            } else {
                call.out().text(report.toTable());
            }
            return Exit.OK;
        }
    }

    /** {@code request show ID}. */
    static final class Show implements Command {
        @Override
        public String name() {
            return "request show";
        }

        @Override
        public String synopsis() {
            return "ID";
        }

        @Override
        public String summary() {
            return "one data-subject request with every event";
        }

        @Override
        public int run(Invocation call) {
            DataSubjectRequest r = call.requests().get(call.expect(1, "ID").get(0));
            if (call.json()) {
                ObjectNode root = RequestCommands.summary(r);
                ArrayNode events = root.putArray("events");
                for (RequestEvent e : r.events()) {
                    ObjectNode n = events.addObject()
                            .put("sequence", e.sequence())
                            .put("type", e.type().name())
                            .put("at", e.at().toString())
                            .put(
                                    "actor",
                                    e.actor().type()
                                            + (e.actor().id() == null
                                                    ? ""
                                                    : ":" + e.actor().id()));
                    e.details().forEach(n.putObject("details")::put);
                }
                call.out().json(root);
                return Exit.OK;
            }
            call.out()
                    .line(r.id() + ": " + r.kind() + " of " + r.subject() + ", " + r.status() + ", received "
                            + r.receivedOn() + ", due " + r.due() + (r.extended() ? " (extended)" : ""));
            Output.Columns table = call.out().columns("#", "at", "event", "actor", "details");
            r.events()
                    .forEach(e -> table.add(
                            e.sequence(),
                            e.at(),
                            e.type(),
                            e.actor().id() == null
                                    ? e.actor().type()
                                    : e.actor().id(),
                            e.details().isEmpty() ? "" : e.details()));
            table.print();
            return Exit.OK;
        }
    }

    private static void list(Invocation call, List<DataSubjectRequest> requests, String title) {
        LocalDate today = call.requests().today();
        if (call.json()) {
            ArrayNode array = Output.JSON.createArrayNode();
            requests.forEach(r -> array.add(RequestCommands.summary(r).put("daysLeft", r.daysLeft(today))));
            call.out().json(array);
            return;
        }
        call.out().line(requests.size() + " " + title + " (today is " + today + ")");
        Output.Columns table = call.out().columns("request", "kind", "subject", "status", "due", "days left");
        requests.forEach(r -> table.add(r.id(), r.kind(), r.subject(), r.status(), r.due(), r.daysLeft(today)));
        table.print();
    }

    private static ObjectNode summary(DataSubjectRequest r) {
        return Output.object()
                .put("id", r.id())
                .put("kind", r.kind().name())
                .put("subject", r.subject())
                .put("status", r.status().name())
                .put("receivedOn", r.receivedOn().toString())
                .put("due", r.due().toString())
                .put("extended", r.extended());
    }
}
