package dev.consent.cli;

import dev.consent.AccessExport;

/**
 * {@code export SUBJECT}: everything the ledger holds on a subject (GDPR Art. 15). With {@code --json}, the
 * library's access export document; otherwise its summary per purpose.
 */
final class ExportCommand implements Command {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String synopsis() {
        return "SUBJECT";
    }

    @Override
    public String summary() {
        return "everything the ledger holds on the subject (access export, GDPR Art. 15)";
    }

    @Override
    public int run(Invocation call) {
        String subject = call.expect(1, "SUBJECT").get(0);
        AccessExport export = call.consent().ledger().export(subject);
        if (call.json()) {
            call.out().json(export.toJson());
            return Exit.OK;
        }
        call.out()
                .line("Access export of " + subject + ", generated " + export.generatedAt() + ": "
                        + export.history().size() + " records" + (export.erased() ? ", erased" : "")
                        + (export.deceased() ? ", deceased" : ""));
        Output.Columns table = call.out().columns("purpose", "version", "basis", "status", "allowed", "expires");
        export.purposes()
                .forEach(p -> table.add(
                        p.purposeId(),
                        "v" + p.purposeVersion(),
                        p.legalBasis(),
                        p.status(),
                        p.allowed() ? "yes" : "no",
                        p.expiresAt()));
        table.print();
        call.out().line("(--json prints the whole export: every record, its evidence and the texts shown)");
        return Exit.OK;
    }
}
