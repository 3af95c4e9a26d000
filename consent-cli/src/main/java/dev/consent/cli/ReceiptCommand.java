package dev.consent.cli;

import dev.consent.ConsentReceipt;
import dev.consent.Controller;
import dev.consent.ReceiptSettings;
import dev.consent.Receipts;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * {@code receipt SUBJECT INTERACTION --controller FILE}: the consent receipt (Kantara v1.1) of one
 * interaction. A receipt names the controller, its contact details and privacy policy, which the ledger does
 * not hold: they are read from a properties file ({@link #KEYS}).
 */
final class ReceiptCommand implements Command {
    /** The keys of the controller file; {@code url} is optional, the others required. */
    static final String KEYS = "name, contact, street, country, email, phone, policyUrl, service, jurisdiction, url";

    @Override
    public String name() {
        return "receipt";
    }

    @Override
    public String synopsis() {
        return "SUBJECT INTERACTION --controller FILE";
    }

    @Override
    public String summary() {
        return "the consent receipt (Kantara v1.1) of one interaction, as JSON";
    }

    @Override
    public Map<String, String> options() {
        return Map.of("--controller", "FILE  a properties file naming the controller: " + KEYS);
    }

    @Override
    public int run(Invocation call) {
        call.expect(2, "SUBJECT INTERACTION");
        String file = call.option("--controller");
        if (file == null) {
            throw new UsageException("receipt needs --controller FILE, a properties file with " + KEYS);
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UsageException("cannot read --controller " + file + ": " + e);
        }
        Controller.Builder controller = Controller.builder(required(p, "name"))
                .contact(required(p, "contact"))
                .address(required(p, "street"), required(p, "country"))
                .email(required(p, "email"))
                .phone(required(p, "phone"));
        if (p.getProperty("url") != null) {
            controller.url(p.getProperty("url"));
        }
        ReceiptSettings settings = ReceiptSettings.builder()
                .controller(controller.build())
                .policyUrl(required(p, "policyUrl"))
                .service(required(p, "service"))
                .jurisdiction(required(p, "jurisdiction"))
                .build();
        ConsentReceipt receipt = Receipts.of(call.consent(), settings)
                .getReceipt(call.args().get(0), call.args().get(1));
        if (!call.json()) {
            call.out()
                    .line("Consent receipt " + receipt.receiptId() + " of " + receipt.subject() + ", interaction "
                            + receipt.interactionId() + ":");
        }
        call.out().json(receipt.json());
        return Exit.OK;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new UsageException("the --controller file has no " + key + " (keys: " + KEYS + ")");
        }
        return value.strip();
    }
}
