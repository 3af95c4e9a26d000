package dev.consent.examples.springapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Action;
import dev.consent.Channel;
import dev.consent.ConsentRecord;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The newsletter's unsubscribe link through HTTP: a GET (what a link prefetcher or mail scanner sends) changes
 * nothing; the POST of the confirm button withdraws the newsletter, once, however often it comes.
 */
class UnsubscribeTest extends AppTest {

    @Test
    void link_carriesARandomToken_notTheAccountId() {
        String id = signUp(NEWSLETTER);

        String path = unsubscribePath(id);

        String token = path.substring("/unsubscribe/".length());
        assertThat(token).doesNotContain(id).matches("[A-Za-z0-9_-]{43}");
        assertThat(http.get("/unsubscribe/" + id).statusCode()).isEqualTo(404);
        assertThat(http.post("/unsubscribe/" + id).statusCode()).isEqualTo(404);
        assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isTrue();
    }

    @Test
    void get_onlyShowsAConfirmButton_andRecordsNothing() {
        String id = signUp(NEWSLETTER);
        String path = unsubscribePath(id);
        long head = consent.ledger().headPosition();

        HttpResponse<String> first = http.get(path);
        HttpResponse<String> second = http.get(path);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(first.body())
                .contains("Unsubscribe from “Newsletter by e-mail”?", "<form method=\"post\"", "id=\"confirm\"")
                .contains("Nothing changes until you confirm");
        assertThat(consent.ledger().headPosition()).as("the ledger's head").isEqualTo(head);
        assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isTrue();
    }

    @Test
    void post_withdrawsTheNewsletter_andARepeatedPostRecordsNothingMore() {
        String id = signUp(NEWSLETTER, SMS);
        String path = unsubscribePath(id);

        HttpResponse<String> first = http.post(path);
        HttpResponse<String> second = http.post(path);

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(second.statusCode()).isEqualTo(303);
        assertThat(Http.location(first)).isEqualTo(path);
        List<ConsentRecord> withdrawals = withdrawals(id);
        assertThat(withdrawals).hasSize(1);
        assertThat(withdrawals.get(0).channel()).isEqualTo(Channel.EMAIL);
        assertThat(withdrawals.get(0).collectionPoint()).isEqualTo(Contexts.UNSUBSCRIBE_LINK);
        assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isFalse();
        assertThat(consent.enforcer().check(id, SMS).allowed())
                .as("the other marketing purpose")
                .isTrue();
        assertThat(http.get(path).body()).contains("You are unsubscribed").doesNotContain("id=\"confirm\"");
    }

    @Test
    void concurrentPosts_recordOneWithdrawal() {
        String id = signUp(NEWSLETTER);
        String path = unsubscribePath(id);

        List<CompletableFuture<HttpResponse<String>>> posts = IntStream.range(0, 6)
                .mapToObj(i -> http.client().sendAsync(http.postRequest(path), HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(posts).allSatisfy(p -> assertThat(p.join().statusCode()).isEqualTo(303));
        assertThat(withdrawals(id)).hasSize(1);
    }

    @Test
    void afterConsentIsGivenAgain_theSameLinkWithdrawsItAgain() {
        String id = signUp(NEWSLETTER);
        String path = unsubscribePath(id);
        http.post(path);
        http.post("/account/" + id + "/consent/" + NEWSLETTER, "action", "grant", "version", "1");
        assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isTrue();

        assertThat(http.post(path).statusCode()).isEqualTo(303);

        assertThat(consent.enforcer().check(id, NEWSLETTER).allowed()).isFalse();
        assertThat(records(id, NEWSLETTER))
                .extracting(ConsentRecord::action)
                .containsExactly(Action.GRANTED, Action.WITHDRAWN, Action.GRANTED, Action.WITHDRAWN);
    }

    @Test
    void unknownToken_isNotFound_andRecordsNothing() {
        long head = consent.ledger().headPosition();

        assertThat(http.get("/unsubscribe/no-such-token").statusCode()).isEqualTo(404);
        assertThat(http.post("/unsubscribe/no-such-token").statusCode()).isEqualTo(404);
        assertThat(consent.ledger().headPosition()).isEqualTo(head);
    }

    private List<ConsentRecord> withdrawals(String id) {
        return records(id, NEWSLETTER).stream()
                .filter(r -> r.action() == Action.WITHDRAWN)
                .toList();
    }
}
