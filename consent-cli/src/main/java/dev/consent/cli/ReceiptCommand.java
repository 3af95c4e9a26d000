package dev.consent.cli;

import dev.consent.ConsentReceipt;
import dev.consent.Controller;
import dev.consent.ReceiptSettings;
import dev.consent.Receipts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code receipt SUBJECT INTERACTION}: the consent receipt (Kantara v1.1) of one interaction. A receipt names
 * the controller and its privacy policy, which the ledger does not hold: they are options.
 */
final class ReceiptCommand implements Command {
    @Override
    public String name() {
        return "receipt";
    }

    @Override
    public String synopsis() {
        return "SUBJECT INTERACTION --controller NAME --policy-url URL";
    }

    @Override
    public String summary() {
        return "the consent receipt (Kantara v1.1) of one interaction, as JSON";
    }

    @Override
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--controller", "NAME  the controller the receipt names (required)");
        options.put("--policy-url", "URL   its privacy policy (required)");
        options.put("--service", "NAME  the service (the controller's name)");
        options.put("--jurisdiction", "CODE  the jurisdiction (EU)");
        return options;
    }

    @Override
    public int run(Invocation call) {
        call.expect(2, "SUBJECT INTERACTION");
        String controller = call.option("--controller");
        String policy = call.option("--policy-url");
        if (controller == null || policy == null) {
            throw new UsageException("receipt needs --controller NAME and --policy-url URL");
        }
        String service = call.option("--service");
        String jurisdiction = call.option("--jurisdiction");
        ReceiptSettings settings = ReceiptSettings.builder()
                .controller(Controller.builder(controller).build())
                .policyUrl(policy)
                .service(service == null ? controller : service)
                .jurisdiction(jurisdiction == null ? "EU" : jurisdiction)
                .build();
        ConsentReceipt receipt =
                Receipts.of(call.consent(), settings).getReceipt(call.args().get(0), call.args().get(1));
        if (!call.json()) {
            call.out().line("Consent receipt " + receipt.receiptId() + " of " + receipt.subject() + ", interaction "
                    + receipt.interactionId() + ":");
        }
        call.out().json(receipt.json());
        return Exit.OK;
    }
}
