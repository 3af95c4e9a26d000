package dev.consent.examples.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ConsentRecord;
import dev.consent.ConsentSystem;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The application on a random port over an in-memory H2 database, with the settings of its application.yaml
 * otherwise; every test class extends this one, so they share one started application. Tests sign up people
 * with addresses of their own, so they do not see each other's records.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:consent-example-test;DB_CLOSE_DELAY=-1")
@Import(CountingJoin.Config.class)
abstract class AppTest {
    static final String NEWSLETTER = "marketing.email";
    static final String SMS = "marketing.sms";
    static final String ANALYTICS = "analytics.product";

    @LocalServerPort
    int port;

    @Autowired
    ConsentSystem consent;

    @Autowired
    AccountRepository accounts;

    @Autowired
    CountingJoin join;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    /** A new address for a test's person. */
    static String newEmail() {
        return "p-" + UUID.randomUUID() + "@example.com";
    }

    /**
     * Submits the sign-up form as served (with the {@code shown} fields of the page), ticking {@code ticked}.
     */
    HttpResponse<String> submitSignUp(String name, String email, String... ticked) {
        List<String> fields = new ArrayList<>(List.of("name", name, "email", email));
        for (String tag : Http.inputs(http.get("/").body(), "name=\"shown\"")) {
            fields.add("shown");
            fields.add(Http.attribute(tag, "value"));
        }
        for (String purpose : ticked) {
            fields.add("consent");
            fields.add(purpose);
        }
        return http.post("/signup", fields.toArray(String[]::new));
    }

    /** Signs a new person up, ticking {@code ticked}; the account id. */
    String signUp(String... ticked) {
        HttpResponse<String> response = submitSignUp("Test Person", newEmail(), ticked);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
        String location = Http.location(response);
        assertThat(location).startsWith("/account/");
        return location.substring("/account/".length());
    }

    /** The account's records about {@code purpose}, oldest first. */
    List<ConsentRecord> records(String accountId, String purpose) {
        return consent.ledger().history(accountId).stream()
                .filter(r -> purpose.equals(r.purposeId()))
                .toList();
    }

    /** The unsubscribe token of the account, read from its preference page as a person would. */
    String unsubscribePath(String accountId) {
        String page = http.get("/account/" + accountId).body();
        Matcher m =
                Pattern.compile("href=\"http://[^\"/]+(/unsubscribe/[^\"]+)\"").matcher(page);
        assertThat(m.find()).as("an unsubscribe link on the preference page").isTrue();
        return m.group(1);
    }
}
