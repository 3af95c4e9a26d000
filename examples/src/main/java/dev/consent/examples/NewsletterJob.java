package dev.consent.examples;

import dev.consent.Decision;
import dev.consent.Enforcer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A batch job that sends a newsletter only to the people it may send it to. It asks the enforcer about
 * the whole mailing list in one bulk call ({@link Enforcer#checkAll}), which loads the subjects it has
 * not cached in chunks instead of one query each, and prints every decision with its reason and the
 * record that proves it.
 */
final class NewsletterJob {
    private final Enforcer enforcer;
    private final String purposeId;

    NewsletterJob(Enforcer enforcer, String purposeId) {
        this.enforcer = enforcer;
        this.purposeId = purposeId;
    }

    /**
     * Decides for everyone on {@code mailingList}, prints the decisions, and "sends" to those allowed.
     *
     * @return the subjects the newsletter was sent to, in list order
     */
    List<String> run(List<String> mailingList, PrintStream out) {
        Map<String, Decision> decisions = enforcer.checkAll(mailingList, purposeId);
        List<String> sent = new ArrayList<>();
        Table table = new Table("subject", "action", "reason", "purpose version", "proving record");
        for (Map.Entry<String, Decision> e : decisions.entrySet()) {
            Decision d = e.getValue();
            if (d.allowed()) {
                sent.add(e.getKey());
            }
            table.row(
                    e.getKey(),
                    d.allowed() ? "send" : "skip",
                    d.reason(),
                    "v" + d.purposeVersion(),
                    Format.shortId(d.recordId()));
        }
        table.print(out);
        out.println();
        out.println("  Sent to " + sent.size() + " of " + mailingList.size() + ": "
                + (sent.isEmpty() ? "nobody" : String.join(", ", sent)));
        return Collections.unmodifiableList(sent);
    }
}
