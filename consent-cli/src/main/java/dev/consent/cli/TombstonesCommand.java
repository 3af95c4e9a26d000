package dev.consent.cli;

import dev.consent.Tombstone;
import java.util.List;

/** {@code tombstones}: every erased subject, as the JSON to keep beside each backup. */
final class TombstonesCommand implements Command {
    @Override
    public String name() {
        return "tombstones";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public String summary() {
        return "every erased subject, with the time and ledger position of its erasure";
    }

    @Override
    public int run(Invocation call) {
        call.expect(0, "");
        List<Tombstone> all = call.consent().ledger().tombstones();
        if (call.json()) {
            call.out().json(Tombstone.toJson(all));
            return Exit.OK;
        }
        call.out().line(all.size() + " erased subjects");
        Output.Columns table = call.out().columns("subject", "erased at", "position");
        all.forEach(t -> table.add(t.subject(), t.erasedAt(), t.position()));
        table.print();
        return Exit.OK;
    }
}
