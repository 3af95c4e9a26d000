package dev.consent.examples.springapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.Action;
import dev.consent.ConsentRecord;
import dev.consent.DecisionReason;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The preference page through HTTP: each purpose's state, and giving or withdrawing consent in one click. */
class PreferencesTest extends AppTest {

    @Test
    void page_showsEachPurposesState_withTheOneButtonThatChangesIt() {
        String id = signUp(NEWSLETTER);

        HttpResponse<String> page = http.get("/account/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(block(page.body(), NEWSLETTER))
                .contains("Newsletter by e-mail", "Given on", "(version 1)", "data-action=\"withdraw\"")
                .doesNotContain("data-action=\"grant\"");
        assertThat(block(page.body(), SMS))
                .contains("Offers by text message", "Refused on", "data-action=\"grant\"")
                .doesNotContain("data-action=\"withdraw\"");
        assertThat(block(page.body(), ANALYTICS)).contains("Refused on", "data-action=\"grant\"");
    }

    @Test
    void withdraw_isOneClick_andProcessingStopsAtOnce() {
        String id = signUp(NEWSLETTER);

        HttpResponse<String> click = http.post("/account/" + id + "/consent/" + NEWSLETTER, "action", "withdraw");

        assertThat(click.statusCode()).isEqualTo(303);
        assertThat(Http.location(click)).isEqualTo("/account/" + id);
        var decision = consent.enforcer().check(id, NEWSLETTER);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo(DecisionReason.CONSENT_WITHDRAWN);
        ConsentRecord withdrawal = records(id, NEWSLETTER).get(1);
        assertThat(withdrawal.action()).isEqualTo(Action.WITHDRAWN);
        assertThat(withdrawal.collectionPoint()).isEqualTo(Contexts.PREFERENCE_PAGE);
        assertThat(withdrawal.noticeVersion()).isEqualTo("privacy-2026-03");
        assertThat(block(http.get("/account/" + id).body(), NEWSLETTER))
                .contains("Withdrawn on", "data-action=\"grant\"");
    }

    @Test
    void giveConsent_isOneClick_atTheVersionThePageShowed() {
        String id = signUp();

        HttpResponse<String> click = http.post("/account/" + id + "/consent/" + SMS, "action", "grant", "version", "1");

        assertThat(click.statusCode()).isEqualTo(303);
        assertThat(consent.enforcer().check(id, SMS).allowed()).isTrue();
        assertThat(records(id, SMS))
                .extracting(ConsentRecord::action, ConsentRecord::purposeVersion)
                .containsExactly(tuple(Action.DENIED, 1), tuple(Action.GRANTED, 1));
    }

    @Test
    void repeatedClicks_recordOneDecision() {
        String id = signUp(NEWSLETTER);
        String path = "/account/" + id + "/consent/" + NEWSLETTER;

        assertThat(http.post(path, "action", "withdraw").statusCode()).isEqualTo(303);
        assertThat(http.post(path, "action", "withdraw").statusCode()).isEqualTo(303);
        assertThat(http.post("/account/" + id + "/consent/" + SMS, "action", "grant", "version", "1")
                        .statusCode())
                .isEqualTo(303);
        assertThat(http.post("/account/" + id + "/consent/" + SMS, "action", "grant", "version", "1")
                        .statusCode())
                .isEqualTo(303);

        assertThat(records(id, NEWSLETTER))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.GRANTED, Action.WITHDRAWN);
        assertThat(records(id, SMS)).extracting(ConsentRecord::action).containsExactly(Action.DENIED, Action.GRANTED);
    }

    @Test
    void givingConsentToAnotherVersionThanTheOneInForce_isRefused_andRecordsNothing() {
        String id = signUp();
        long head = consent.ledger().headPosition();

        HttpResponse<String> click = http.post("/account/" + id + "/consent/" + SMS, "action", "grant", "version", "2");

        assertThat(click.statusCode()).isEqualTo(409);
        assertThat(click.body()).contains("changed since the page was shown");
        assertThat(consent.ledger().headPosition()).isEqualTo(head);
    }

    @Test
    void unknownAccountOrPurpose_isNotFound() {
        String id = signUp();

        assertThat(http.get("/account/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(http.get("/account/not-an-id").statusCode()).isEqualTo(404);
        assertThat(http.post("/account/" + id + "/consent/billing", "action", "withdraw")
                        .statusCode())
                .isEqualTo(404);
    }

    /** The part of the page about one purpose: from its block's start to the end of its form. */
    static String block(String html, String purpose) {
        Matcher m = Pattern.compile("data-purpose=\"" + Pattern.quote(purpose) + "\">(.*?)</form>", Pattern.DOTALL)
                .matcher(html);
        if (!m.find()) {
            throw new AssertionError("no block for " + purpose + " in " + html);
        }
        return m.group(1);
    }
}
